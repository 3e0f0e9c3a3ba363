// The shards of a distributed table put back together: each checked against the manifest (bytes and
// sha256: a shard cut short or from another run is refused), then written end to end, the header once.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dataError } from '../../core/index.js';
import type { Manifest } from './shards.js';

/** The manifest at `path`, checked for shape. */
export function readManifest(path: string): Manifest {
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (e) {
    throw dataError(`${path}: cannot be read as a manifest (${(e as Error).message.split('\n')[0]})`);
  }
  if (m?.format !== 'latent-shards' || !Array.isArray(m.shards))
    throw dataError(
      `${path}: not a manifest of latent's shards (latent writes FILE.manifest.json beside a --distributed table)`,
    );
  return m;
}

/** Every shard's bytes in rank order, each checked whole before any of it is handed on: the table
 *  as one process would have written it. */
export async function* gatheredTable(path: string): AsyncGenerator<Buffer> {
  const m = readManifest(path),
    dir = dirname(path);
  const shards = [...m.shards].sort((a, b) => a.rank - b.rank);
  if (shards.length !== m.ranks || shards.some((s, r) => s.rank !== r))
    throw dataError(`${path}: it lists ${shards.length} shards for ${m.ranks} ranks`);
  for (const s of shards) {
    const file = join(dir, s.file),
      hash = createHash('sha256');
    let bytes = 0;
    try {
      for await (const chunk of createReadStream(file)) {
        hash.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
      }
    } catch (e) {
      throw dataError(`${file}: rank ${s.rank}'s shard cannot be read (${(e as Error).message})`);
    }
    if (bytes !== s.bytes || hash.digest('hex') !== s.sha256)
      throw dataError(
        `${file}: rank ${s.rank}'s shard is not the one the manifest names (${bytes} bytes, the manifest says ` +
          `${s.bytes}, or another sha256): it was changed or cut short`,
      );
  }
  for (const s of shards) {
    let skipping = m.header && s.rank > 0;
    for await (const chunk of createReadStream(join(dir, s.file))) {
      let b = chunk as Buffer;
      if (skipping) {
        const nl = b.indexOf(10);
        if (nl < 0) continue;
        b = b.subarray(nl + 1);
        skipping = false;
      }
      if (b.length) yield b;
    }
  }
}
