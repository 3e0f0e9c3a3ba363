// MatrixMarket coordinate files (real, integer or pattern; general), 1-based entries.
import { dataError } from '../../core/index.js';
import type { Dataset } from '../dataset.js';
import { Coordinates } from './coordinates.js';
import { numberedLines } from './lines.js';

export async function loadMatrixMarket(path: string): Promise<Dataset> {
  let header: string[] | null = null;
  let size: [number, number, number] | null = null;
  let field = 'real';
  const entries = new Coordinates();
  let count = 0;
  const bad = (n: number, what: string) => dataError(`${path}:${n}: ${what}`);
  for await (const [n, raw] of numberedLines(path)) {
    const line = raw.trim();
    if (n === 1) {
      header = line.toLowerCase().split(/\s+/);
      if (header[0] !== '%%matrixmarket' || header[1] !== 'matrix') throw bad(n, 'not a MatrixMarket file (the first line must start with %%MatrixMarket matrix)');
      if (header[2] !== 'coordinate') throw bad(n, `format "${header[2]}" is not supported: write the matrix as coordinate`);
      field = header[3];
      if (!['real', 'integer', 'pattern', 'double'].includes(field)) throw bad(n, `field "${field}" is not supported: use real, integer or pattern`);
      if (header[4] && header[4] !== 'general') throw bad(n, `symmetry "${header[4]}" is not supported: write all entries and mark it general`);
      continue;
    }
    if (line === '' || line.startsWith('%')) continue;
    const parts = line.split(/\s+/);
    if (!size) {
      const s = parts.map(Number);
      if (s.length !== 3 || !s.every((v) => Number.isInteger(v) && v >= 0)) throw bad(n, `expected the size line "rows columns entries", found "${line}"`);
      size = [s[0], s[1], s[2]];
      continue;
    }
    const want = field === 'pattern' ? 2 : 3;
    if (parts.length !== want) throw bad(n, `expected ${want} numbers (row column${want === 3 ? ' value' : ''}), found "${line}"`);
    const i = Number(parts[0]), j = Number(parts[1]);
    const v = field === 'pattern' ? 1 : Number(parts[2]);
    if (!Number.isInteger(i) || i < 1 || i > size[0]) throw bad(n, `row ${parts[0]} is outside 1…${size[0]}`);
    if (!Number.isInteger(j) || j < 1 || j > size[1]) throw bad(n, `column ${parts[1]} is outside 1…${size[1]}`);
    if (!Number.isFinite(v)) throw bad(n, `value "${parts[2]}" is not a number`);
    entries.push(i - 1, j - 1, v);
    count++;
  }
  if (!header) throw dataError(`${path}: the file is empty`);
  if (!size) throw dataError(`${path}: no size line after the header`);
  if (count !== size[2]) throw dataError(`${path}: the size line promises ${size[2]} entries, the file has ${count}`);
  return {
    X: entries.toCsr(size[0], size[1]),
    rows: Array.from({ length: size[0] }, (_, i) => String(i + 1)),
    columns: { kind: 'matrix', labels: null, format: 'matrixmarket' },
    skipped: [],
  };
}
