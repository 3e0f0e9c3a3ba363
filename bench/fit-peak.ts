// One dense fit in a process of its own, so that its peak memory is its own: X read from a float32
// file into denseStorage (as the CLI's loaders put it), hals from a random start. Prints JSON on stdout:
// the peak, and the process's memory before X (Node, the kernels and their threads).
import { openSync, readSync, closeSync } from 'node:fs';
import { dense, denseStorage, factorize, releaseBackends } from '../core/index.js';

const [file, rows, cols, k, iterations] = process.argv.slice(2).map((a, i) => (i === 0 ? a : Number(a))) as [
  string,
  number,
  number,
  number,
  number,
];
const storage = await denseStorage();
const idleMB = process.memoryUsage().rss / 2 ** 20;
const values = storage.alloc(rows * cols);
const fd = openSync(file, 'r');
const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
for (let at = 0; at < bytes.length;) at += readSync(fd, bytes, at, Math.min(1 << 24, bytes.length - at), at);
closeSync(fd);
await factorize(dense(rows, cols, values), { k, init: 'random', maxIter: iterations, tol: 0, device: 'webasm' });
await releaseBackends();
process.stdout.write(JSON.stringify({ idleMB, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
