// The end of every command: a job's files written as one batch (all or none), the messages that follow
// them, then its document on stdout.
import { OutputBatch } from '../exporters/index.js';
import type { JobResult } from './jobs/job.js';
import type { Ui } from './progress.js';
import { pendingOutputs } from './pending-outputs.js';

export async function deliver(result: JobResult, ui: Ui): Promise<void> {
  if (result.files) {
    const batch = new OutputBatch(pendingOutputs);
    try {
      for (const file of result.files) await batch.write(file.path, file.content);
      await batch.commit();
    } catch (e) {
      await batch.abort();
      throw e;
    }
  }
  for (const m of result.messages ?? []) (m.verbose ? ui.detail : ui.note)(m.text);
  if (result.document) process.stdout.write(result.document);
}
