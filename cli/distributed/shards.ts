// A table written by every rank of a distributed run: each rank its rows, as its own file written
// atomically (a temporary name, then a rename); rank 0 a manifest naming every shard with its rows,
// bytes and sha256, which `latent gather` checks and puts back together.
import { createHash } from 'node:crypto';
import { basename, dirname, extname, join } from 'node:path';
import type { Communicator } from '../../core/index.js';
import type { OutputBatch } from '../../exporters/index.js';

export interface ShardEntry {
  rank: number;
  file: string;
  rows: number;
  bytes: number;
  sha256: string;
}

/** The manifest of a table written in shards. */
export interface Manifest {
  format: 'latent-shards';
  version: 1;
  table: string;
  header: boolean;
  ranks: number;
  rows: number;
  shards: ShardEntry[];
}

/** Rank r's file of a table: dt.csv → dt.rank-00001-of-00004.csv, beside it. */
export function shardPath(path: string, rank: number, size: number): string {
  const ext = extname(path),
    pad = (n: number) => String(n).padStart(5, '0');
  return join(dirname(path), `${basename(path, ext)}.rank-${pad(rank)}-of-${pad(size)}${ext}`);
}

export const manifestPath = (path: string): string => `${path}.manifest.json`;

/** Write this rank's shard of `path` (chunks with a header line first) and return what the manifest
 *  says of it; rank 0 then writes the manifest with every rank's entry. */
export async function writeShards(
  batch: OutputBatch,
  comm: Communicator,
  path: string,
  rows: number,
  chunks: Iterable<string>,
): Promise<void> {
  const file = shardPath(path, comm.rank, comm.size);
  const hash = createHash('sha256');
  let bytes = 0;
  const out = await batch.open(file);
  for (const chunk of chunks) {
    const b = Buffer.from(chunk);
    hash.update(b);
    bytes += b.length;
    await out.write(b);
  }
  await out.close();
  const entry: ShardEntry = { rank: comm.rank, file: basename(file), rows, bytes, sha256: hash.digest('hex') };
  const all = await comm.allGatherBytes(Buffer.from(JSON.stringify(entry)));
  if (comm.rank !== 0) return;
  const shards = all.map((b) => JSON.parse(Buffer.from(b).toString('utf8')) as ShardEntry);
  const manifest: Manifest = {
    format: 'latent-shards',
    version: 1,
    table: basename(path),
    header: true,
    ranks: comm.size,
    rows: shards.reduce((a, s) => a + s.rows, 0),
    shards,
  };
  await batch.write(manifestPath(path), JSON.stringify(manifest, null, 2) + '\n');
}
