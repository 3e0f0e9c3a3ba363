// What a loader may allocate from sizes a file claims: a header is checked against the file's real size
// and a memory budget before anything is built from it, so a 60-byte header claiming 10⁹ rows is one
// clear line, not a heap abort after a minute.
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { dataError } from '../core/index.js';

/** Indices are int32. */
const MAX_INDEX = 2 ** 31 - 1;
/** Bytes per row held on V8's heap while loading (its id string and the pointer to it). */
const HEAP_BYTES_PER_ROW = 48;
/** Bytes per row and per entry outside the heap: CSR's row offsets; at the peak of a load, the triplets
 *  (16), the entries sorted by row (12) and CSR's entries (8). */
const BYTES_PER_ROW = 4,
  BYTES_PER_ENTRY = 36;
/** Bytes per column at the least, whatever the entries: the column offsets of the transposed matrix,
 *  and H's column, its update and its norm at k = 1. A header claiming 2·10⁹ columns of three entries
 *  would otherwise pass and allocate 8 GB a column array before anything refuses it. */
const BYTES_PER_COLUMN = 16;

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;

/** A claimed shape (rows × cols with `entries` stored entries) checked before allocation: indices fit
 *  int32, the entries fit the file (each takes at least `minEntryBytes` of it), and the load fits half
 *  this machine's memory and half of V8's heap. `where` names the file and line in errors. `streamed`:
 *  the rows are read a block at a time (--stream), so only what a fit holds whole (the columns) counts. */
export function checkClaimedSize(
  where: string,
  claim: { rows: number; cols: number; entries: number },
  fileBytes: number,
  minEntryBytes: number,
  streamed = false,
): void {
  const { rows, cols, entries } = claim;
  const shape = `${rows} rows × ${cols} columns with ${entries} entries`;
  if (rows > MAX_INDEX || cols > MAX_INDEX || entries > MAX_INDEX)
    throw dataError(`${where}: it claims ${shape}; latent indexes at most ${MAX_INDEX} of each: check the size line`);
  if (entries * minEntryBytes > fileBytes)
    throw dataError(
      `${where}: it claims ${shape}, but a file of ${fileBytes} bytes holds at most ` +
        `${Math.floor(fileBytes / minEntryBytes)} entries: check the size line`,
    );
  const memory = totalmem() / 2,
    heap = getHeapStatistics().heap_size_limit / 2;
  const need = streamed
      ? cols * BYTES_PER_COLUMN
      : rows * BYTES_PER_ROW + cols * BYTES_PER_COLUMN + entries * BYTES_PER_ENTRY,
    needHeap = streamed ? 0 : rows * HEAP_BYTES_PER_ROW;
  if (need > memory || needHeap > heap) {
    const whose =
      needHeap > heap
        ? "of Node's heap, which --max-old-space-size in NODE_OPTIONS raises"
        : "of this machine's memory";
    throw dataError(
      `${where}: it claims ${shape}: loading that needs about ${gb(Math.max(need, needHeap))}, over the ` +
        `${gb(needHeap > heap ? heap : memory)} latent allows itself here (half ${whose}): check the size line`,
    );
  }
}
