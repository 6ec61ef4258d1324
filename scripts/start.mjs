// `npm start`: builds the renderer (Vite, renderer/vite.config.ts) and the Electron main and preload (esbuild, into
// dist-electron/), then launches Electron. `--build-only` stops after building (packaging uses it).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const args = process.argv.slice(2);
const buildOnly = args.includes('--build-only');
// PALM_WORKBENCH_DEV_URL points the window at a running `vite` dev server instead of the built renderer.
const devUrl = process.env.PALM_WORKBENCH_DEV_URL;

function fail(lines) {
  console.error(['', ...lines, ''].join('\n'));
  process.exit(1);
}

function buildRenderer() {
  const config = join(root, 'renderer', 'vite.config.ts');
  if (!existsSync(config)) {
    fail([
      'start: cannot build the UI: renderer/vite.config.ts does not exist yet.',
      '       The renderer is built by `npx vite build --config renderer/vite.config.ts` into renderer/dist/.',
    ]);
  }
  console.log('start: building the renderer (vite build --config renderer/vite.config.ts)…');
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', config], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) fail(['start: the renderer build failed (see the messages above).']);
  if (!existsSync(join(root, 'renderer', 'dist', 'index.html'))) {
    fail(['start: the renderer build did not write renderer/dist/index.html; the desktop app loads that file.']);
  }
}

async function buildElectron() {
  console.log('start: compiling electron/ (esbuild) into dist-electron/…');
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: root,
    entryPoints: { main: 'electron/main.ts', preload: 'electron/preload.ts' },
    outdir: 'dist-electron',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    // CommonJS: a sandboxed preload cannot be an ES module, and the main process finds the preload via __dirname.
    format: 'cjs',
    platform: 'node',
    target: 'node22',
    external: ['electron'],
    sourcemap: true,
    logLevel: 'warning',
  });
}

/** The Electron executable, or null when its binary was never downloaded (node_modules/electron/path.txt). */
function findElectron() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** One try at the download that `npm install` skipped (allowScripts); returns why it failed, or null. */
function installElectron() {
  console.log("start: Electron's binary is missing; trying `node node_modules/electron/install.js` once…");
  const installer = join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return 'the electron package is not installed (run `npm install`)';
  const result = spawnSync(process.execPath, [installer], { cwd: root, encoding: 'utf8', timeout: 180_000 });
  if (result.status === 0 && findElectron()) return null;
  const output = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n');
  const reason =
    output.find((line) => /Error|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|status/i.test(line)) ?? output.at(-1);
  return result.error ? String(result.error.message) : reason || `install.js exited with status ${result.status}`;
}

function explainMissingElectron(reason) {
  fail([
    "start: Electron's binary could not be obtained, so the desktop app cannot start.",
    `       Why: ${reason}`,
    '       The electron npm package downloads its binary from GitHub (github.com/electron/electron/releases)',
    '       in an install script; this checkout does not run that script on `npm install` (allowScripts).',
    '       To get it, on a machine that can reach GitHub:  npm run electron:install',
    '       or through a mirror:  ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ npm run electron:install',
    '       or point at an unpacked Electron:  ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron-dir npm start',
    '       Meanwhile `npm run web` serves the same UI in a browser (Chromium with WebGPU).',
  ]);
}

function launch(electron) {
  const env = { ...process.env };
  // Set by some tools; it would make Electron run the main script as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  const passThrough = args.filter((a) => a !== '--build-only');
  const child = spawn(electron, [join(root, 'dist-electron', 'main.cjs'), ...passThrough], {
    cwd: root,
    stdio: 'inherit',
    env,
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (devUrl) console.log(`start: using the dev server at ${devUrl}; not building the renderer.`);
else buildRenderer();
await buildElectron();
if (buildOnly) {
  console.log('start: built renderer/dist/ and dist-electron/ (--build-only).');
  process.exit(0);
}
let electron = findElectron();
if (!electron) {
  const reason = installElectron();
  electron = findElectron();
  if (!electron) explainMissingElectron(reason ?? 'install.js finished but no binary was found');
}
console.log('start: launching Electron…');
launch(electron);
