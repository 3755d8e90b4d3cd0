/** The web server: configuration, database, demo data on first start, then listen. */
import { loadConfig } from '../config.ts';
import { createApp } from '../web/app.ts';
import { loadDemo } from '../demo/demo.ts';
import { DEMO_ADMIN, DEMO_PASSWORD, DEMO_TRUST } from '../demo/demo-content.ts';
import { compose } from './compose.ts';
import { withRelaxedCommits } from '../db/connect.ts';
import { createDemoTimeline } from '../db/demo-history.ts';
import { readFourHourSeries } from '../db/reference-series.ts';
import { buildStory } from '../report/build-story.ts';

const seconds = () => `${process.uptime().toFixed(1)} s`;
const config = loadConfig();
const composition = await compose(config);
const { services } = composition;
console.log(`Database ready at ${seconds()}.`);

let demo: { email: string; password: string } | undefined;
if (config.demo) {
  if ((await services.organisations.count()) === 0) {
    console.log('Loading the demo data (fictional organisations, problems and goals; synthetic values and one real A&E series)…');
    const loading = performance.now();
    await withRelaxedCommits(composition.connection, () =>
      loadDemo(services, {
        password: DEMO_PASSWORD,
        fourHour: readFourHourSeries(),
        buildStory: (actor, org) => buildStory(services, actor, org),
        timeline: createDemoTimeline(composition.connection.db),
      }),
    );
    console.log(`Demo loaded in ${((performance.now() - loading) / 1000).toFixed(1)} s.`);
  }
  const demoLoaded = await services.organisations.getByCode(DEMO_TRUST.code).then(() => true, () => false);
  if (demoLoaded) demo = { email: DEMO_ADMIN.email, password: DEMO_PASSWORD };
}

const app = await createApp(services, {
  secureCookies: config.secureCookies,
  logger: { level: config.logLevel },
  load: config.load,
  demo,
});

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info(`${signal}: shutting down`);
  await app.close();
  await composition.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ port: config.port, host: config.host });
const url = `http://localhost:${config.port}`;
console.log(`\nThroughline is running at ${url} (started in ${process.uptime().toFixed(1)} s) on ${services.engine === 'pglite' ? `the embedded database in ${config.dataDir}` : 'PostgreSQL'}.`);
if (demo) console.log(`Demo sign-in: ${demo.email} / ${demo.password}`);
