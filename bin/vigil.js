#!/usr/bin/env node
import('../dist/cli/main.js').then(
  (cli) => cli.main(process.argv),
  (error) => {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
      process.stderr.write('vigil: not built yet; run `npm run build` in the package directory first\n');
    } else {
      process.stderr.write(`vigil: ${error?.message ? error.message : error}\n`);
    }
    process.exit(70);
  },
);
