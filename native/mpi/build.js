// Builds the MPI binding (latent_mpi.node) with node-gyp and mpicc where Open MPI's compiler is
// installed; elsewhere says so on stderr and succeeds: only `--distributed` needs it.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { dirname, join } = require('node:path');

const here = __dirname;
const hint = 'apt-get install openmpi-bin libopenmpi-dev, then npm run build:mpi';
try {
  execFileSync('mpicc', ['--showme:version'], { stdio: 'ignore' });
} catch {
  process.stderr.write(`latent: mpicc not found, so --distributed is not built (${hint})\n`);
  process.exit(0);
}
// npm names its own node-gyp to the scripts it runs; Node's headers from the installation, not the network
const gyp =
  process.env.npm_config_node_gyp ||
  join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js');
const prefix = join(dirname(process.execPath), '..');
const nodedir = existsSync(join(prefix, 'include/node/common.gypi')) ? [`--nodedir=${prefix}`] : [];
const built = spawnSync(process.execPath, [gyp, 'rebuild', ...nodedir], { cwd: here, stdio: ['ignore', 2, 2] });
if (built.status !== 0) {
  process.stderr.write(
    `latent: the MPI binding did not build (node-gyp exited ${built.status}); ` +
      `--distributed will say so when used (${hint})\n`,
  );
}
