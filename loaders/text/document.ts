// What every text source hands on: a document at a time, to a sink that may ask it to wait.

/** `labels`: the values of the label columns the source was asked for (labels.ts), in their order. */
export interface Document {
  id: string;
  text: string;
  labels?: string[];
}

/** Takes one document. A promise asks the source to read nothing more until it settles (a streaming fit
 *  solving a batch); a source awaits it only when one is returned, so the common synchronous sink costs
 *  no turn of the event loop per document. */
export type DocumentSink = (doc: Document) => void | Promise<void>;
