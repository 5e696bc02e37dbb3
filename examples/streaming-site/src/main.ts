// The example streaming site (README.md): config → HTTP server → stop on SIGINT/SIGTERM.
import { loadConfig } from './config.js';
import { createSiteServer } from './site-server.js';

let config;
try {
  config = loadConfig(process.env);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}
const server = createSiteServer(config);
server.listen(config.PORT, config.HOST, () => {
  process.stdout.write(`streaming-site: http://${config.HOST}:${config.PORT}/  (room ${config.ROOM}, widget ${config.WIDGET_URL})\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
