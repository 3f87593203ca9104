// The architecture's import rules (docs/architecture.md), checked on every `npm run lint`:
// no cycles, and imports flow one way, from the grid model outwards.
const layer = (name, mayNotImport) => ({
  name: `${name}-stays-below`,
  comment: `src/${name} may not import ${mayNotImport.join(', ')}`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: `^src/(${mayNotImport.join('|')})/` },
});

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'import cycles', from: {}, to: { circular: true } },
    layer('grid', ['compiler', 'versions', 'stats', 'storage', 'identity', 'service', 'http', 'cli', 'export', 'demo']),
    layer('compiler', ['versions', 'stats', 'storage', 'identity', 'service', 'http', 'cli', 'export', 'demo']),
    layer('versions', ['stats', 'storage', 'identity', 'service', 'http', 'cli', 'export', 'demo']),
    layer('stats', ['storage', 'identity', 'service', 'http', 'cli', 'export', 'demo']),
    layer('storage', ['service', 'http', 'cli', 'demo']),
    layer('service', ['http', 'cli', 'demo']),
    layer('http', ['cli', 'demo']),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
