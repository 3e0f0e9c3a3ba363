// --checkpoint DIR: after every epoch of a streaming fit, the state it carries (each run's H, its
// statistics and generator), the vocabulary and the coherence sample, written so that a crash while
// writing leaves the previous checkpoint whole (a temporary name, then a rename). --resume continues
// from it to the same final bytes as a run never stopped; a checkpoint of other settings is refused.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StreamState } from '../core/index.js';
import { dataError, usageError } from '../core/index.js';
import type { Document, TextModel } from '../loaders/index.js';

export interface Checkpoint {
  state: StreamState;
  model: TextModel;
  documents: number | null;
  sample: Document[];
}

const STATE = 'state.json',
  ARRAYS = 'state.bin';

/** What must not change between a run and its resumption: everything but the number of epochs. */
export type Fingerprint = Record<string, unknown>;

export function saveCheckpoint(dir: string, fingerprint: Fingerprint, c: Checkpoint): void {
  try {
    mkdirSync(dir, { recursive: true });
    const parts: Uint8Array[] = [];
    let offset = 0;
    const place = (a: Float32Array | Float64Array | null) => {
      if (!a) return null;
      parts.push(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      const at = offset;
      offset += a.byteLength;
      return { at, length: a.length, bytes: a.BYTES_PER_ELEMENT };
    };
    const models = c.state.models.map((m) => ({
      ...m,
      Ht: place(m.Ht),
      A: place(m.A),
      Bt: place(m.Bt),
      previous: Number.isFinite(m.previous) ? m.previous : null,
      rng: m.rng.map((v) => (Number.isNaN(v) ? null : v)),
    }));
    writeFileSync(join(dir, `${ARRAYS}.tmp`), Buffer.concat(parts));
    writeFileSync(
      join(dir, `${STATE}.tmp`),
      JSON.stringify({ format: 'latent-checkpoint', version: 1, fingerprint, ...c, state: { ...c.state, models } }),
    );
    // the arrays first: a state.json always names arrays that are there
    renameSync(join(dir, `${ARRAYS}.tmp`), join(dir, ARRAYS));
    renameSync(join(dir, `${STATE}.tmp`), join(dir, STATE));
  } catch (e) {
    throw dataError(
      `--checkpoint ${dir}: cannot write the checkpoint (${(e as Error).message}); choose another folder`,
    );
  }
}

export function readCheckpoint(dir: string, fingerprint: Fingerprint): Checkpoint {
  let file: {
    format?: string;
    fingerprint: Fingerprint;
    state: Omit<StreamState, 'models'> & { models: Record<string, unknown>[] };
    model: TextModel;
    documents: number | null;
    sample: Document[];
  };
  let arrays: Buffer;
  try {
    file = JSON.parse(readFileSync(join(dir, STATE), 'utf8'));
    arrays = readFileSync(join(dir, ARRAYS));
  } catch {
    throw dataError(`--resume: no checkpoint in ${dir}: run with --checkpoint ${dir} first`);
  }
  if (file.format !== 'latent-checkpoint') throw dataError(`--resume: ${join(dir, STATE)} is not a latent checkpoint`);
  for (const key of Object.keys({ ...fingerprint, ...file.fingerprint })) {
    if (JSON.stringify(file.fingerprint[key]) !== JSON.stringify(fingerprint[key])) {
      throw usageError(
        `--resume: the checkpoint in ${dir} was written with ${key} ${JSON.stringify(file.fingerprint[key])}, ` +
          `this run has ${JSON.stringify(fingerprint[key])}: resume with the same settings`,
      );
    }
  }
  type Placed = { at: number; length: number; bytes: number } | null;
  const view = (p: Placed, kind: 'f32' | 'f64') => {
    if (!p) return null;
    const bytes = arrays.subarray(p.at, p.at + p.length * p.bytes);
    const copy = new Uint8Array(bytes).buffer;
    return kind === 'f32' ? new Float32Array(copy) : new Float64Array(copy);
  };
  const models = file.state.models.map((m) => ({
    ...(m as object),
    Ht: view(m.Ht as Placed, 'f32') as Float32Array | null,
    A: view(m.A as Placed, 'f64') as Float64Array,
    Bt: view(m.Bt as Placed, 'f64') as Float64Array,
    previous: m.previous === null ? Infinity : (m.previous as number),
    rng: (m.rng as (number | null)[]).map((v) => v ?? Number.NaN),
  })) as StreamState['models'];
  return { state: { ...file.state, models }, model: file.model, documents: file.documents, sample: file.sample };
}
