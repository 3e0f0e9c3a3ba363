// Each document's words in text order, as column numbers of X (−1 for words pruned from the vocabulary
// or never counted): what sliding-window statistics such as topic coherence read. Pruned words keep
// their place, as gensim keeps unknown words in its windows.
import { Int32Blocks } from './int-blocks.js';

/** All documents' sequences end to end; document i is ids[offsets[i] … offsets[i+1]). */
export interface TokenStreams {
  ids: Int32Array;
  offsets: Int32Array;
}

/** Collects term numbers document by document; `finish` maps them to columns. */
export class TokenStreamBuilder {
  private readonly ids = new Int32Blocks();
  private readonly offsets = new Int32Blocks();

  constructor() {
    this.offsets.push(0);
  }

  push(term: number): void {
    this.ids.push(term);
  }

  endDocument(): void {
    this.offsets.push(this.ids.length);
  }

  /** The sequences in column numbers: `column[term]` is the term's column or −1. */
  finish(column: Int32Array): TokenStreams {
    const ids = this.ids.take();
    for (let q = 0; q < ids.length; q++) ids[q] = column[ids[q]];
    return { ids, offsets: this.offsets.take() };
  }
}
