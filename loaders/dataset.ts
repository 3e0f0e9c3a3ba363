// What every loader returns: X in core's types, plus what the exporters need to show it and what a
// later `transform` needs to load new data the same way.
import type { Matrix } from '../core/index.js';
import type { TokenStreams } from './text/token-streams.js';
import type { ResolvedTokenOptions } from './text/tokenize.js';

/** How an image of another shape is resized: stretched (fill), cropped (cover) or padded (contain). */
export type ResizeFit = 'fill' | 'cover' | 'contain';

/** What `transform` needs to load new images exactly like the training ones (saved in model files). */
/** What an image's transparency becomes: flattened onto the background, or the pixel's value itself
 *  (its opacity: a symbolic icon, a glyph drawn on nothing). */
export type AlphaMode = 'flatten' | 'intensity';
export const ALPHA_MODES: readonly AlphaMode[] = ['flatten', 'intensity'];

/** `alpha` and `invert` are absent in models saved before they existed: flatten, not inverted. */
export interface ImageSettings {
  width: number;
  height: number;
  fit: ResizeFit;
  color: boolean;
  background: string;
  alpha?: AlphaMode;
  invert?: boolean;
}

/** How a term's count in a document becomes X's entry. */
export type Weighting = 'tfidf' | 'count' | 'binary';

/** Everything needed to vectorize new documents exactly like the corpus (saved in model files). */
export interface TextModel {
  tokens: ResolvedTokenOptions;
  weighting: Weighting;
  sublinearTf: boolean;
  /** Internal keys of the kept terms (stems under stemming), in column order. */
  keys: string[];
  /** What to show for each column: the most frequent surface word of its key. */
  terms: string[];
  /** Per column, for tf-idf; null otherwise. */
  idf: number[] | null;
}

/** Images: one row per image, columns are pixels (row-major, channels interleaved). */
export interface ImageColumns {
  kind: 'images';
  width: number;
  height: number;
  channels: 1 | 3;
  settings: ImageSettings;
}
/** Text: columns are terms; `model` re-vectorizes new documents with the same vocabulary and idf.
 *  `tokens` (each document's words, for coherence) and `snippets` (each document's start) are there when
 *  the loader was asked to keep them. */
export interface TextColumns {
  kind: 'text';
  terms: string[];
  model: TextModel;
  tokens?: TokenStreams | null;
  snippets?: string[] | null;
}
/** How a matrix file holds its entries. */
export type MatrixFormat = 'csv' | 'tsv' | 'matrixmarket' | 'uci';

/** A matrix file: columns have labels when the file (or a vocabulary file) gave them. */
export interface MatrixColumns {
  kind: 'matrix';
  labels: string[] | null;
  format: MatrixFormat;
}

export type Columns = ImageColumns | TextColumns | MatrixColumns;

export interface Dataset {
  X: Matrix;
  /** One id per row of X: a file path, a line number, an id column's value, a row label. */
  rows: string[];
  columns: Columns;
  /** Inputs passed over (unreadable images, binary files), with the reason. */
  skipped: { item: string; reason: string }[];
  /** Each label column's value per row, when the source was asked for labels (--class-column,
   *  --time-column): '' where a row has none. */
  labels?: DocumentLabels[];
  /** Entries the file leaves out (empty or NaN cells, read with `missing`), 0-based; X holds 0 there. */
  missing?: MissingEntries;
}

/** One label column's values, a row each, and the flag that named it. */
export interface DocumentLabels {
  name: string;
  flag: string;
  values: string[];
}

/** Coordinates of entries a file does not give, in file order. */
export interface MissingEntries {
  rows: Int32Array;
  cols: Int32Array;
}

/** Coordinates gathered while a file is read. */
export class MissingList {
  private readonly r: number[] = [];
  private readonly c: number[] = [];
  add(row: number, col: number): void {
    this.r.push(row);
    this.c.push(col);
  }
  get count(): number {
    return this.r.length;
  }
  /** The list, or nothing when the file had no missing entry. */
  entries(): MissingEntries | undefined {
    return this.r.length ? { rows: Int32Array.from(this.r), cols: Int32Array.from(this.c) } : undefined;
  }
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
  return {
    skipped,
    events: {
      ...events,
      skipped: (item, reason) => {
        skipped.push({ item, reason });
        events.skipped?.(item, reason);
      },
    },
  };
}

/** `message` ("NAME: no documents in it"), with why when files were passed over: the reasons of the
 *  first two and how many more, so that a folder of 300 binary files says what they were (one line). */
export function nothingIn(message: string, skipped: readonly { item: string; reason: string }[]): string {
  if (skipped.length === 0) return message;
  const shown = skipped
    .slice(0, 2)
    .map((s) => `${s.item} (${s.reason})`)
    .join(', ');
  return `${message}; passed over: ${shown}${skipped.length > 2 ? ` and ${skipped.length - 2} more` : ''}`;
}
