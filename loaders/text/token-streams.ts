// Each document's words in text order, as column numbers of X (−1 for words pruned from the vocabulary
// or never counted): what sliding-window statistics such as topic coherence read. Pruned words keep
// their place, as gensim keeps unknown words in its windows.

/** All documents' sequences end to end; document i is ids[offsets[i] … offsets[i+1]). */
export interface TokenStreams { ids: Int32Array; offsets: Int32Array }

/** Collects term numbers document by document; `finish` maps them to columns. */
export class TokenStreamBuilder {
  private ids = new Int32Array(1 << 16);
  private length = 0;
  private readonly offsets: number[] = [0];

  push(term: number): void {
    if (this.length === this.ids.length) {
      const grown = new Int32Array(2 * this.ids.length);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.length++] = term;
  }

  endDocument(): void { this.offsets.push(this.length); }

  /** The sequences in column numbers: `column[term]` is the term's column or −1. */
  finish(column: Int32Array): TokenStreams {
    const ids = this.ids.slice(0, this.length);
    for (let q = 0; q < ids.length; q++) ids[q] = column[ids[q]];
    return { ids, offsets: Int32Array.from(this.offsets) };
  }
}
