/** The web server: configuration, database, demo data on first start, then listen. */
import { loadConfig } from '../config.ts';
import { DEMO_ADMIN, DEMO_PASSWORD, DEMO_TRUST } from '../demo/demo-content.ts';
import { compose } from './compose.ts';

/** Start the server; resolves once it listens. `bin/server.js` calls it from the bundle (decision 0017). */
export async function startServer(): Promise<void> {
  const seconds = () => `${process.uptime().toFixed(1)} s`;
  const config = loadConfig();
  // The web app's modules load while the database opens; the demo's only when it is loaded.
  const web = import('../web/app.ts');
  const composition = await compose(config);
  const { services } = composition;
  const opened = [composition.connection.fromTemplate ? 'a new database, copied from the template' : '', composition.migrated ? 'migrations applied' : ''].filter(Boolean);
  console.log(`Database ready at ${seconds()}${opened.length ? ` (${opened.join('; ')})` : ''}.`);

  let demo: { email: string; password: string } | undefined;
  if (config.demo) {
    if ((await services.organisations.count()) === 0) {
      console.log('Loading the demo data (fictional organisations, problems and goals; synthetic values and one real A&E series)…');
      const loading = performance.now();
      const [{ loadDemo }, { withRelaxedCommits }, { createDemoTimeline }, { readFourHourSeries }, { buildStory }] = await Promise.all([
        import('../demo/demo.ts'),
        import('../db/connect.ts'),
        import('../db/demo-history.ts'),
        import('../db/reference-series.ts'),
        import('../report/build-story.ts'),
      ]);
      await withRelaxedCommits(composition.connection, () =>
        loadDemo(services, {
          password: DEMO_PASSWORD,
          fourHour: readFourHourSeries(),
          buildStory: (actor, org) => buildStory(services, actor, org),
          timeline: createDemoTimeline(composition.connection.db),
        }),
      );
      console.log(`Demo loaded in ${((performance.now() - loading) / 1000).toFixed(1)} s (ready at ${seconds()}).`);
    }
    const demoLoaded = await services.organisations.getByCode(DEMO_TRUST.code).then(() => true, () => false);
    if (demoLoaded) demo = { email: DEMO_ADMIN.email, password: DEMO_PASSWORD };
  }

  const { createApp, compileRemainingSchemas } = await web;
  const app = await createApp(services, {
    secureCookies: config.secureCookies,
    logger: { level: config.logLevel },
    load: config.load,
    demo,
  });

  let closing = false;
  async function shutdown(signal: string, code = 0) {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: shutting down`);
    await app.close();
    await composition.close();
    process.exit(code);
  }
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${config.port}`;
  console.log(`\nThroughline is running at ${url} (started in ${process.uptime().toFixed(1)} s) on ${services.engine === 'pglite' ? `the embedded database in ${config.dataDir}` : 'PostgreSQL'}.`);
  if (demo) console.log(`Demo sign-in: ${demo.email} / ${demo.password}`);
  // Route schemas are compiled on first use; the rest now, between requests. A bad one stops the server.
  compileRemainingSchemas(app).catch((e: unknown) => {
    console.error('A route schema does not compile:', e);
    void shutdown('schema', 1);
  });
}
