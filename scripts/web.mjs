// `npm run web -- --port N`: build the renderer with Vite, then serve renderer/dist on http://127.0.0.1:N
// (127.0.0.1 is a secure context, so navigator.gpu exists). `--no-build` serves the last build as it is.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, preview } from 'vite';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '5173' }, 'no-build': { type: 'boolean', default: false } },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer in [0, 65535] (got ${values.port})`);
  process.exit(2);
}
const configFile = join(dirname(fileURLToPath(import.meta.url)), '../renderer/vite.config.ts');

// A NODE_ENV inherited from a test runner ("test") would make Vite bundle React's slow development build.
process.env.NODE_ENV = 'production';
if (!values['no-build']) await build({ configFile, mode: 'production', logLevel: 'warn' });
const server = await preview({ configFile, preview: { host: '127.0.0.1', port, strictPort: true, open: false } });
const address = server.httpServer.address();
console.log(`PaLM Workbench on http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/`);
