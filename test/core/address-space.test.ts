// Under ulimit -v the webasm device takes the threads whose reservation fits, and below what one thread
// needs it is refused in one line naming the limit needed, where V8 aborted the process (rc 133).
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addressSpaceLimit, reservedBytes, threadsWithin } from '../../core/backends/wasm/address-space.js';
import { LatentError } from '../../core/index.js';
import { BIN, FIXTURES } from '../cli/run.js';
import { scratchDir } from '../scratch.js';

const GiB = 2 ** 30;

test('threads are cut to the limit, and below one thread the device is refused naming the limit', (t) => {
  t.is(threadsWithin(8, Infinity), 8);
  t.is(threadsWithin(8, 12_000_000 * 1024), 1);
  t.is(threadsWithin(8, 13_375_000 * 1024), 4);
  t.is(threadsWithin(8, 16 * GiB), 8);
  t.true(reservedBytes(1) < reservedBytes(2) && reservedBytes(2) < reservedBytes(8));
  const e = t.throws(() => threadsWithin(2, 7_000_000 * 1024), { instanceOf: LatentError });
  t.is(
    e?.message,
    "this process may use 6.7 GiB of address space (ulimit -v 7000000); latent's WebAssembly kernels reserve " +
      'about 7.6 GiB (a 4 GiB memory and its guard regions): raise the limit to ulimit -v 12058624 or more, ' +
      'or unlimited',
  );
});

test("the limit is read from Linux's limits table: a number of bytes, or unlimited", (t) => {
  const dir = scratchDir('limits');
  const table = (value: string) => {
    const path = join(dir, `limits-${value}`);
    writeFileSync(
      path,
      'Limit                     Soft Limit           Hard Limit           Units\n' +
        `Max address space         ${value}            unlimited            bytes\n`,
    );
    return path;
  };
  t.is(addressSpaceLimit(table('12288000000')), 12288000000);
  t.is(addressSpaceLimit(table('unlimited')), Infinity);
  t.is(addressSpaceLimit(join(dir, 'none')), Infinity);
});

test('ulimit -v 12000000 (11.4 GiB) runs a fit on the webasm device with fewer threads, not rc 133', (t) => {
  if (process.platform !== 'linux') return t.pass('ulimit -v is measured on Linux');
  const matrix = join(FIXTURES, 'matrix', 'small.mtx');
  const r = spawnSync(
    'bash',
    ['-c', `ulimit -v 12000000 && '${process.execPath}' '${BIN}' factorize '${matrix}' -k 2 -q --device webasm`],
    { encoding: 'utf8', env: { ...process.env, LATENT_THREADS: '8' } },
  );
  t.is(r.status, 0, r.stderr);
  t.is(JSON.parse(r.stdout).device, 'webasm');
});
