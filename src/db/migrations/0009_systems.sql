CREATE TABLE "capabilities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"system_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "capability_assessments" (
	"capability_id" uuid PRIMARY KEY NOT NULL,
	"scores" jsonb NOT NULL,
	"total" integer NOT NULL,
	"recommendation" text NOT NULL,
	"assessed_by" text NOT NULL,
	"assessed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decision_id" uuid,
	"decided" text,
	CONSTRAINT "capability_assessments_recommendation_check" CHECK ("capability_assessments"."recommendation" in ('system','hybrid','local'))
);
--> statement-breakpoint
CREATE TABLE "capability_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"capability_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"status" text NOT NULL,
	"product" text DEFAULT '' NOT NULL,
	"supplier" text DEFAULT '' NOT NULL,
	"contract_end" date,
	"serves" text,
	"serves_reason" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "capability_entries_status_check" CHECK ("capability_entries"."status" in ('in_use','building','needed','not_needed')),
	CONSTRAINT "capability_entries_serves_check" CHECK ("capability_entries"."serves" is null or "capability_entries"."serves" in ('well','partly','poorly'))
);
--> statement-breakpoint
CREATE TABLE "goal_contributions" (
	"goal_id" uuid PRIMARY KEY NOT NULL,
	"system_goal_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "principle_declarations" (
	"initiative_id" uuid NOT NULL,
	"principle_id" uuid NOT NULL,
	"stance" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "principle_declarations_initiative_id_principle_id_pk" PRIMARY KEY("initiative_id","principle_id"),
	CONSTRAINT "principle_declarations_stance_check" CHECK ("principle_declarations"."stance" in ('conforms','exception'))
);
--> statement-breakpoint
CREATE TABLE "principles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"system_id" uuid NOT NULL,
	"title" text NOT NULL,
	"rationale" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollup_components" (
	"rollup_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"measure_id" uuid NOT NULL,
	"denominator_measure_id" uuid,
	CONSTRAINT "rollup_components_rollup_id_organisation_id_pk" PRIMARY KEY("rollup_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "rollup_measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"system_id" uuid NOT NULL,
	"goal_id" uuid,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"unit" text NOT NULL,
	"improvement_direction" text NOT NULL,
	"frequency" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rollup_measures_kind_check" CHECK ("rollup_measures"."kind" in ('sum','ratio'))
);
--> statement-breakpoint
CREATE TABLE "system_memberships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"system_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "system_memberships_dates_check" CHECK ("system_memberships"."to_date" is null or "system_memberships"."to_date" >= "system_memberships"."from_date"),
	CONSTRAINT "system_memberships_self_check" CHECK ("system_memberships"."system_id" <> "system_memberships"."organisation_id")
);
--> statement-breakpoint
CREATE TABLE "system_settings" (
	"system_id" uuid PRIMARY KEY NOT NULL,
	"shared_areas" text[] DEFAULT '{}'::text[] NOT NULL
);
--> statement-breakpoint
ALTER TABLE "capabilities" ADD CONSTRAINT "capabilities_system_id_organisations_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capability_assessments" ADD CONSTRAINT "capability_assessments_capability_id_capabilities_id_fk" FOREIGN KEY ("capability_id") REFERENCES "public"."capabilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capability_assessments" ADD CONSTRAINT "capability_assessments_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capability_entries" ADD CONSTRAINT "capability_entries_capability_id_capabilities_id_fk" FOREIGN KEY ("capability_id") REFERENCES "public"."capabilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capability_entries" ADD CONSTRAINT "capability_entries_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_contributions" ADD CONSTRAINT "goal_contributions_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_contributions" ADD CONSTRAINT "goal_contributions_system_goal_id_goals_id_fk" FOREIGN KEY ("system_goal_id") REFERENCES "public"."goals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "principle_declarations" ADD CONSTRAINT "principle_declarations_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "principle_declarations" ADD CONSTRAINT "principle_declarations_principle_id_principles_id_fk" FOREIGN KEY ("principle_id") REFERENCES "public"."principles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "principles" ADD CONSTRAINT "principles_system_id_organisations_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_components" ADD CONSTRAINT "rollup_components_rollup_id_rollup_measures_id_fk" FOREIGN KEY ("rollup_id") REFERENCES "public"."rollup_measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_components" ADD CONSTRAINT "rollup_components_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_components" ADD CONSTRAINT "rollup_components_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_components" ADD CONSTRAINT "rollup_components_denominator_measure_id_measures_id_fk" FOREIGN KEY ("denominator_measure_id") REFERENCES "public"."measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_measures" ADD CONSTRAINT "rollup_measures_system_id_organisations_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_measures" ADD CONSTRAINT "rollup_measures_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_memberships" ADD CONSTRAINT "system_memberships_system_id_organisations_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_memberships" ADD CONSTRAINT "system_memberships_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_settings" ADD CONSTRAINT "system_settings_system_id_organisations_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "capabilities_system_name_key" ON "capabilities" USING btree ("system_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "capability_entries_capability_organisation_key" ON "capability_entries" USING btree ("capability_id","organisation_id");--> statement-breakpoint
CREATE INDEX "capability_entries_organisation_idx" ON "capability_entries" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "goal_contributions_system_goal_idx" ON "goal_contributions" USING btree ("system_goal_id");--> statement-breakpoint
CREATE INDEX "principle_declarations_principle_idx" ON "principle_declarations" USING btree ("principle_id");--> statement-breakpoint
CREATE INDEX "principles_system_idx" ON "principles" USING btree ("system_id");--> statement-breakpoint
CREATE INDEX "rollup_measures_system_idx" ON "rollup_measures" USING btree ("system_id");--> statement-breakpoint
CREATE INDEX "system_memberships_system_idx" ON "system_memberships" USING btree ("system_id");--> statement-breakpoint
CREATE INDEX "system_memberships_organisation_idx" ON "system_memberships" USING btree ("organisation_id");