// What every loader returns: X in core's types, plus what the exporters need to show it and what a
// later `transform` needs to load new data the same way.
import type { Matrix } from '../core/index.js';
import type { ImageSettings } from './images.js';
import type { TokenStreams } from './text/token-streams.js';
import type { TextModel } from './text/vectorize.js';

/** Images: one row per image, columns are pixels (row-major, channels interleaved). */
export interface ImageColumns { kind: 'images'; width: number; height: number; channels: 1 | 3; settings: ImageSettings }
/** Text: columns are terms; `model` re-vectorizes new documents with the same vocabulary and idf.
 *  `tokens` (each document's words, for coherence) and `snippets` (each document's start) are there when
 *  the loader was asked to keep them. */
export interface TextColumns { kind: 'text'; terms: string[]; model: TextModel; tokens?: TokenStreams | null; snippets?: string[] | null }
/** A matrix file: columns have labels when the file (or a vocabulary file) gave them. */
export interface MatrixColumns { kind: 'matrix'; labels: string[] | null; format: string }

export type Columns = ImageColumns | TextColumns | MatrixColumns;

export interface Dataset {
  X: Matrix;
  /** One id per row of X: a file path, a line number, an id column's value, a row label. */
  rows: string[];
  columns: Columns;
  /** Inputs passed over (unreadable images, binary files), with the reason. */
  skipped: { item: string; reason: string }[];
}

/** Messages a loader reports while it works; it never prints. */
export interface LoaderEvents {
  /** An input passed over (an unreadable image, a binary file) and why. */
  skipped?: (item: string, reason: string) => void;
  /** Items done so far, and the total when known. */
  progress?: (done: number, total?: number) => void;
}

/** Events that also record every skipped input, for the Dataset's `skipped` list. */
export function recordingSkips(events: LoaderEvents): { skipped: Dataset['skipped']; events: LoaderEvents } {
  const skipped: Dataset['skipped'] = [];
  return { skipped, events: { ...events, skipped: (item, reason) => { skipped.push({ item, reason }); events.skipped?.(item, reason); } } };
}
