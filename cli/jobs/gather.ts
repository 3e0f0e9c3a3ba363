// The gather job: a --distributed table's shards as one table, to a file or streamed to a sink.
import { gatheredTable } from '../distributed/gather.js';
import type { StreamSink } from '../stdout.js';
import type { JobResult } from './job.js';

export interface GatherOptions {
  /** The FILE.manifest.json a --distributed run wrote. */
  manifest: string;
  /** Where the table goes; without it, the table's chunks go to `stream` as they are read. */
  output?: string;
}

export async function gatherJob(o: GatherOptions, stream: StreamSink): Promise<JobResult> {
  if (o.output) return { files: [{ path: o.output, content: gatheredTable(o.manifest) }], document: '' };
  for await (const chunk of gatheredTable(o.manifest)) await stream(chunk);
  return { files: null, document: '' };
}
