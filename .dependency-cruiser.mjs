// The layers and boundaries of docs/design.md §1, checked by dependency-cruiser (`npm run depcruise`, part of
// `npm test`): no import cycles, each layer importing only those below it, and the faces' boundaries. Type-only
// imports count: a type that must be shared lives in the lower layer. ESLint keeps what a module graph cannot see
// (Node and page globals, import() of a computed name), see eslint.config.js.

/** Lowest first; a folder may import its own layer and those below it, never one above. */
export const LAYERS = [
  { name: 'config', folders: ['core/config'] },
  { name: 'leaves', folders: ['core/tokenizer', 'core/data', 'core/checkpoint', 'core/metrics', 'core/record'] },
  { name: 'claims', folders: ['core/claims'] },
  { name: 'report', folders: ['core/report'] },
  { name: 'ops', folders: ['core/ops'] },
  { name: 'kernels', folders: ['core/kernels'] },
  { name: 'model', folders: ['core/model', 'core/optim'] },
  { name: 'train', folders: ['core/train', 'core/bench'] },
  { name: 'runs', folders: ['core/runs'] },
  { name: 'worker', folders: ['core/worker'] },
  { name: 'faces', folders: ['cli', 'renderer', 'electron'] },
];

const under = (folders) => `^(${folders.join('|')})/`;

/** One rule per layer: nothing in it imports a folder of a higher layer. */
const layerRules = LAYERS.slice(0, -1).map((layer, i) => {
  const above = LAYERS.slice(i + 1).flatMap((l) => l.folders);
  return {
    name: `layer-${layer.name}`,
    comment: `${layer.folders.join(', ')} import only their own layer and those below (docs/design.md §1)`,
    severity: 'error',
    from: { path: under(layer.folders) },
    to: { path: under(above) },
  };
});

/** The layers below ops run anywhere without TensorFlow.js: the renderer reads them. */
const PURE = LAYERS.slice(
  0,
  LAYERS.findIndex((l) => l.name === 'ops'),
).flatMap((l) => l.folders);
const TFJS = '(^|/)node_modules/@tensorflow/';
const UI_PACKAGES = '(^|/)node_modules/(react|react-dom|zustand|recharts|electron)/';

/** The core folders the renderer may import values from; any other core folder only for types. */
const RENDERER_CORE = ['core/config', 'core/claims', 'core/record', 'core/report', 'core/metrics', 'core/runs'];

export default {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles anywhere (docs/design.md §1 rule 1)',
      severity: 'error',
      from: { path: '^(core|renderer|cli|electron)/' },
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'core-no-node',
      comment: 'core/ is portable: no Node built-ins outside the Node worker entries (docs/design.md §1 rule 1)',
      severity: 'error',
      from: { path: '^core/', pathNot: '^core/worker/node-[^/]+\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-no-ui',
      comment: 'core/ stays free of UI and Electron packages (docs/design.md §1 rule 1)',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: UI_PACKAGES },
    },
    {
      name: 'pure-no-tfjs',
      comment: `${PURE.join(', ')} have no TensorFlow.js import: they run anywhere, the renderer reads them`,
      severity: 'error',
      from: { path: under(PURE) },
      to: { path: TFJS },
    },
    {
      name: 'runs-no-tfjs',
      comment: 'core/runs, the orchestration core under the UI and the CLI, has no TensorFlow.js import',
      severity: 'error',
      from: { path: '^core/runs/' },
      to: { path: TFJS },
    },
    {
      name: 'core-no-faces',
      comment: 'core/ imports nothing from renderer/, electron/ or cli/ (docs/design.md §1 rule 1)',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: '^(renderer|electron|cli)/' },
    },
    {
      name: 'renderer-no-node',
      comment: 'renderer/ runs in a browser page: no Node built-ins (docs/design.md §1 rule 3)',
      severity: 'error',
      from: { path: '^renderer/', pathNot: '^renderer/vite\\.config\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-no-electron',
      comment: 'renderer/ runs in a browser page: no Electron; it reaches the main process through the preload API',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '(^|/)node_modules/electron/' },
    },
    {
      name: 'renderer-no-tfjs',
      comment: 'renderer/ never imports TensorFlow.js (docs/design.md §1 rule 3)',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: TFJS },
    },
    {
      name: 'renderer-core-values',
      comment: `renderer/ imports values only from ${RENDERER_CORE.join(', ')}; types from anywhere (docs/design.md §1 rule 3)`,
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^core/', pathNot: under(RENDERER_CORE), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'edges-no-renderer',
      comment: 'cli/ and electron/ do not import renderer/: the UI reaches them through its build only',
      severity: 'error',
      from: { path: '^(cli|electron)/' },
      to: { path: '^renderer/' },
    },
    {
      name: 'electron-no-tfjs',
      comment: 'electron/ does not import TensorFlow.js: training runs in the worker, not the main process',
      severity: 'error',
      from: { path: '^electron/' },
      to: { path: TFJS },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(renderer/dist|dist|dist-electron|out)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
    },
  },
};
