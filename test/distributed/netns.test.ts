// Two ranks on two "hosts" of the test's own making: network namespaces joined by a veth pair, each with
// one address on it, mpirun launching the far rank through an agent that enters its namespace (as ssh
// would on a cluster), MPI's traffic held to TCP over that pair. The fit is one process's.
import test from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, FIXTURES, latent } from '../cli/run.js';
import { scratchDir } from '../scratch.js';
import { MPI_ENV, mpiMissing } from './mpi.js';

const dir = scratchDir('netns');
const tag = `lt${process.pid % 100000}`,
  net = `10.${200 + (process.pid % 50)}.${process.pid % 250}`;
const [nsA, nsB, vethA, vethB, ipA, ipB] = [`${tag}a`, `${tag}b`, `${tag}va`, `${tag}vb`, `${net}.1`, `${net}.2`];
const ip = (...args: string[]) => spawnSync('ip', args, { encoding: 'utf8' });

/** Why two namespaces cannot be made here, or null once they are. */
function makeHosts(): string | null {
  if (mpiMissing) return mpiMissing;
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  const steps = [
    ['netns', 'add', nsA],
    ['netns', 'add', nsB],
    ['link', 'add', vethA, 'type', 'veth', 'peer', 'name', vethB],
    ['link', 'set', vethA, 'netns', nsA],
    ['link', 'set', vethB, 'netns', nsB],
    ['-n', nsA, 'addr', 'add', `${ipA}/24`, 'dev', vethA],
    ['-n', nsB, 'addr', 'add', `${ipB}/24`, 'dev', vethB],
    ['-n', nsA, 'link', 'set', vethA, 'up'],
    ['-n', nsB, 'link', 'set', vethB, 'up'],
    ['-n', nsA, 'link', 'set', 'lo', 'up'],
    ['-n', nsB, 'link', 'set', 'lo', 'up'],
  ];
  for (const step of steps) {
    const r = ip(...step);
    if (r.status !== 0) return `ip ${step.join(' ')}: ${(r.stderr || r.error?.message || '').trim()}`;
  }
  return null;
}
const missing = makeHosts();
test.after.always(() => {
  ip('netns', 'del', nsA);
  ip('netns', 'del', nsB);
});

const agent = join(dir, 'agent.sh'),
  hostfile = join(dir, 'hosts');
writeFileSync(
  agent,
  `#!/bin/sh\n# mpirun's rsh agent: run the command in the namespace that holds HOST's ` +
    `address\nhost="$1"; shift\ncase "$host" in ${ipA}) ns=${nsA} ;; ${ipB}) ns=${nsB} ;; *) echo ` +
    `"unknown host $host" >&2; exit 1 ;; esac\nexec ip netns exec "$ns" sh -c "$*"\n`,
);
chmodSync(agent, 0o755);
writeFileSync(hostfile, `${ipA} slots=1\n${ipB} slots=1\n`);

/** mpirun -np 2 over the two hosts, started in the first namespace. */
function overTwoHosts(command: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const subnet = `${net}.0/24`;
  const child = spawn(
    'ip',
    [
      'netns',
      'exec',
      nsA,
      'mpirun',
      '--hostfile',
      hostfile,
      '-np',
      '2',
      '--mca',
      'plm_rsh_agent',
      agent,
      '--mca',
      'btl',
      'tcp,self',
      '--mca',
      'btl_tcp_if_include',
      subnet,
      '--mca',
      'oob_tcp_if_include',
      subnet,
      '-x',
      'OMPI_ALLOW_RUN_AS_ROOT',
      '-x',
      'OMPI_ALLOW_RUN_AS_ROOT_CONFIRM',
      ...command,
    ],
    { env: MPI_ENV, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '',
    stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}

(missing ? test.skip : test.serial)(
  'two ranks in two network namespaces, over TCP on a veth pair, fit as one process does',
  async (t) => {
    // each rank sees only its own end of the pair: they are on different hosts as far as the network goes
    const where = await overTwoHosts([
      'sh',
      '-c',
      `ip -o -4 addr show | grep -o '${net.replace(/\./g, '\\.')}\\.[0-9]*'`,
    ]);
    t.is(where.code, 0, where.stderr);
    t.deepEqual(where.stdout.trim().split('\n').sort(), [ipA, ipB]);
    const args = ['topics', join(FIXTURES, 'emails'), '-k', '5', '--seed', '3', '--format', 'json', '-q'];
    const one = JSON.parse(latent(args).stdout);
    const run = await overTwoHosts([process.execPath, BIN, ...args, '--distributed']);
    t.is(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout);
    t.true(Math.abs(doc.objective - one.objective) / one.objective < 1e-5);
    t.deepEqual(
      doc.topics.map((x: { words: { word: string }[] }) => x.words[0].word),
      one.topics.map((x: { words: { word: string }[] }) => x.words[0].word),
    );
  },
);
if (missing)
  test('the two-host test is skipped', (t) => {
    t.log(`skipped: ${missing}`);
    t.pass();
  });
