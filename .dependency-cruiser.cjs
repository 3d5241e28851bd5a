/**
 * The layer rules of docs/architecture.md, checked by `npm run lint` (dependency-cruiser):
 * no import cycle between files or between folders, each layer imports only the layers
 * before it, and no experiment imports another experiment's folder.
 *
 *   theory -> random -> stats -> engine -> ui -> lab -> experiments -> app
 *                                       \-> cli
 */
const layer = (name, mayImport) => ({
  name: `layer-${name}`,
  comment: `src/${name} may import only ${mayImport.join(', ') || 'nothing of src'} (docs/architecture.md)`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: '^src/', pathNot: [`^src/${name}/`, ...mayImport.map((m) => `^src/${m}/`)] },
});

module.exports = {
  forbidden: [
    {
      name: 'no-file-cycle',
      severity: 'error',
      comment: 'no import cycle between files',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      severity: 'error',
      comment:
        "no import cycle between folders. One is allowed: the CPU worker pool (engine/cpu) runs the trainer (engine/training) as one of its job kinds, and the trainer uses the CPU engine's kernels and its Node pool; splitting the pool into a third folder would not remove the loop",
      scope: 'folder',
      from: { pathNot: '^src/engine/(cpu|training)/?$' },
      to: { circular: true },
    },
    {
      name: 'experiments-stand-alone',
      severity: 'error',
      comment: 'an experiment imports no other experiment: what two share lives in src/lab or src/ui',
      from: { path: '^src/experiments/([^/]+)/' },
      to: { path: '^src/experiments/', pathNot: '^src/experiments/$1/' },
    },
    layer('theory', []),
    layer('random', []),
    layer('stats', ['theory']),
    layer('engine', ['theory', 'random', 'stats']),
    layer('ui', ['theory', 'random', 'stats', 'engine']),
    layer('lab', ['theory', 'random', 'stats', 'engine', 'ui']),
    layer('experiments', ['theory', 'random', 'stats', 'engine', 'ui', 'lab']),
    layer('cli', ['theory', 'random', 'stats', 'engine']),
    {
      name: 'only-the-app-imports-experiments',
      severity: 'error',
      from: { pathNot: '^src/(app|experiments)/|^tests/' },
      to: { path: '^src/experiments/' },
    },
    {
      name: 'no-dom-below-the-views',
      severity: 'error',
      comment:
        'theory, random, stats, engine, cli and the DOM-free modules of src/lab (they run in workers and in Node) import no Lit or Chart.js',
      from: { path: '^src/(theory|random|stats|engine|cli)/|^src/lab/[^/]+[.]ts$' },
      to: { path: 'node_modules/(lit|@lit|lit-html|lit-element|chart[.]js)/' },
    },
    {
      name: 'sources-import-no-tests-or-benchmarks',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(tests|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.(wgsl|wat)$' },
  },
};
