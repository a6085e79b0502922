/**
 * The layer rules of DESIGN.md, enforced: arrows point inward.
 * core <- app <- (runtime, server, cli); adapters -> core only; runtime wires adapters in.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core is the domain: it imports nothing of Vigil outside core.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(app|adapters|runtime|server|cli)/' },
    },
    {
      name: 'core-has-no-io',
      comment: 'src/core does no I/O: only zod and node:crypto (hashing) from outside.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'core'],
        pathNot: ['^node_modules/zod/', '^crypto$'],
      },
    },
    {
      name: 'app-uses-core-only',
      comment: 'use cases depend on core ports, never on a concrete adapter or an entry point.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/(adapters|runtime|server|cli)/' },
    },
    {
      name: 'adapters-use-core-only',
      comment: 'adapters implement core ports; they never reach into use cases or entry points.',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/(app|runtime|server|cli)/' },
    },
    {
      name: 'adapters-stay-apart',
      comment: 'one adapter family never imports another (importers share only src/adapters/importers/*).',
      severity: 'error',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: '^src/adapters/([^/]+)/', pathNot: '^src/adapters/$1/' },
    },
    {
      name: 'entry-points-skip-adapters',
      comment: 'the server and the CLI reach adapters only through runtime/.',
      severity: 'error',
      from: { path: '^src/(server|cli)/' },
      to: { path: '^src/adapters/' },
    },
    {
      name: 'server-and-cli-apart',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js'],
    },
    moduleSystems: ['es6'],
  },
};
