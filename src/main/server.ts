/** The web server, run from its TypeScript source (tsx); `npm start` runs the same from its bundle. */
import { startServer } from './start-server.ts';

await startServer();
