/** The story's settings, published versions and example copies in the database. */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from './connect.ts';
import { exampleCopies, organisations, storySettings, storyVersions } from './schema.ts';
import type { ExampleCopy, StoryStore } from '../services/stores.ts';
import type { StoryDocument, StorySettings } from '../domain/story.ts';

function toSettings(row: typeof storySettings.$inferSelect): StorySettings {
  return {
    organisationId: row.organisationId,
    mission: row.mission,
    narratives: row.narratives,
    publicEnabled: row.publicEnabled,
    publicShowNames: row.publicShowNames,
    trustCode: row.trustCode,
    peerCodes: row.peerCodes,
    jargon: row.jargon ?? null,
    updatedAt: row.updatedAt,
  };
}

function toCopy(row: typeof exampleCopies.$inferSelect): ExampleCopy {
  return { ...row };
}

/** A StoryStore on a connection or transaction. */
export function createStoryStore(db: Db): StoryStore {
  return {
    async findSettings(organisationId) {
      const [row] = await db.select().from(storySettings).where(eq(storySettings.organisationId, organisationId));
      return row ? toSettings(row) : null;
    },
    async saveSettings(organisationId, f) {
      const values = {
        mission: f.mission,
        narratives: f.narratives,
        publicEnabled: f.publicEnabled,
        publicShowNames: f.publicShowNames,
        trustCode: f.trustCode,
        peerCodes: f.peerCodes,
        jargon: f.jargon,
        updatedAt: new Date(),
      };
      const [row] = await db
        .insert(storySettings)
        .values({ organisationId, ...values })
        .onConflictDoUpdate({ target: storySettings.organisationId, set: values })
        .returning();
      return toSettings(row!);
    },
    async insertVersion(organisationId, v) {
      // Lock the organisation's row so two publishes at once take numbers in turn.
      await db.execute(sql`select 1 from ${organisations} where ${organisations.id} = ${organisationId} for update`);
      const [max] = await db
        .select({ n: sql<number>`coalesce(max(${storyVersions.number}), 0)::int` })
        .from(storyVersions)
        .where(eq(storyVersions.organisationId, organisationId));
      const number = Number(max?.n ?? 0) + 1;
      const [row] = await db
        .insert(storyVersions)
        .values({ organisationId, number, publishedAt: v.publishedAt, publishedBy: v.publishedBy, note: v.note, document: v.document })
        .returning({ number: storyVersions.number, publishedAt: storyVersions.publishedAt, publishedBy: storyVersions.publishedBy, note: storyVersions.note });
      return row!;
    },
    async listVersions(organisationId, page) {
      const [rows, [count]] = await Promise.all([
        db
          .select({ number: storyVersions.number, publishedAt: storyVersions.publishedAt, publishedBy: storyVersions.publishedBy, note: storyVersions.note })
          .from(storyVersions)
          .where(eq(storyVersions.organisationId, organisationId))
          .orderBy(desc(storyVersions.number))
          .limit(page.limit)
          .offset(page.offset),
        db.select({ n: sql<number>`count(*)::int` }).from(storyVersions).where(eq(storyVersions.organisationId, organisationId)),
      ]);
      return { versions: rows, total: Number(count?.n ?? 0) };
    },
    async findVersion(organisationId, number) {
      const [row] = await db
        .select()
        .from(storyVersions)
        .where(and(eq(storyVersions.organisationId, organisationId), eq(storyVersions.number, number)));
      return row ? { number: row.number, publishedAt: row.publishedAt, publishedBy: row.publishedBy, note: row.note, document: row.document as StoryDocument } : null;
    },
    async publicHead(code) {
      const [row] = await db
        .select({
          organisationId: organisations.id,
          code: organisations.code,
          name: organisations.name,
          publicEnabled: sql<boolean>`coalesce(${storySettings.publicEnabled}, false)`,
          publicShowNames: sql<boolean>`coalesce(${storySettings.publicShowNames}, false)`,
          latest: sql<number | null>`(select max(${storyVersions.number})::int from ${storyVersions} where ${storyVersions.organisationId} = ${organisations.id})`,
        })
        .from(organisations)
        .leftJoin(storySettings, eq(storySettings.organisationId, organisations.id))
        .where(eq(organisations.code, code));
      if (!row) return null;
      return { ...row, publicEnabled: Boolean(row.publicEnabled), publicShowNames: Boolean(row.publicShowNames), latest: row.latest === null ? null : Number(row.latest) };
    },
    async insertExampleCopy(c) {
      const [row] = await db.insert(exampleCopies).values(c).returning();
      return toCopy(row!);
    },
    async listExampleCopies(organisationId) {
      const rows = await db.select().from(exampleCopies).where(eq(exampleCopies.organisationId, organisationId)).orderBy(desc(exampleCopies.copiedAt));
      return rows.map(toCopy);
    },
  };
}
