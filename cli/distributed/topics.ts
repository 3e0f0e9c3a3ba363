// `latent topics --distributed` under mpirun: each rank reads its share of the corpus (shareOf), the
// ranks' term counts are summed exactly (every rank gathers every rank's counts and merges them in rank
// order, so every rank picks the same vocabulary and idf as one process would: no hashing, no
// collisions; the counts of a corpus are far smaller than its documents), each rank vectorizes its
// documents, and the fit runs across ranks. Rank 0 writes the topics, the model and the manifest; each
// rank its shard of --doc-topics.
import type { Csr } from '../../core/index.js';
import { dataError, dense, OPTION_NAMES, pickOptions, stackRows, usageError } from '../../core/index.js';
import type { TableFormat } from '../../exporters/index.js';
import {
  coefficientRows,
  coherence,
  formatTable,
  OutputBatch,
  tableChunks,
  topicsOf,
  topicsTable,
  topicsText,
  withCoherence,
  topicLabels,
} from '../../exporters/index.js';
import type { TermCounts, TextSource, VectorizeOptions } from '../../loaders/index.js';
import {
  CorpusBuilder,
  forEachDocument,
  PRUNE_AT,
  shareOf,
  textBatches,
  tokenStreamsWith,
  vectorizeWith,
} from '../../loaders/index.js';
import { COHERENCE_SAMPLE } from '../stream-topics.js';
import { topicTextOptions } from '../options.js';
import type { DistributedArgs } from './fit.js';
import { distributedSummary, fitAcrossRanks, saveDistributedModel } from './fit.js';
import type { RankJob } from './job.js';
import { writeShards } from './shards.js';
import { pendingOutputs } from '../pending-outputs.js';

export interface DistributedTopicsArgs extends DistributedArgs {
  source: string;
  k: number;
  seed?: number;
  top: number;
  format: TableFormat;
  coherence: boolean;
  raw: boolean;
  docTopics?: string;
  model?: string;
  batchSize: number;
  weights?: boolean;
}

export async function distributedTopics(
  a: DistributedTopicsArgs,
  source: TextSource,
  options: VectorizeOptions,
  job: RankJob,
  docTopicsFormat: TableFormat | null,
): Promise<string | null> {
  const { comm, ui, root } = job;
  if (docTopicsFormat && docTopicsFormat !== 'csv' && docTopicsFormat !== 'tsv')
    throw usageError(
      `--doc-topics ${a.docTopics}: with --distributed each rank writes its rows as a shard of a .csv or .tsv ` +
        `table (latent gather puts them together)`,
    );
  const share = await shareOf(source, comm.rank, comm.size);
  // pass 0: this share's counts, then everyone's, merged alike on every rank
  const own = new CorpusBuilder(options, {}, { pruneAt: PRUNE_AT });
  await forEachDocument(share.source(), (doc) => own.add(doc.id, doc.text));
  const parts = await comm.allGatherBytes(Buffer.from(JSON.stringify(own.termCounts())));
  const merged = new CorpusBuilder(options, {}, { pruneAt: PRUNE_AT });
  for (const part of parts) merged.addTermCounts(JSON.parse(Buffer.from(part).toString('utf8')) as TermCounts);
  if (merged.documents === 0) throw dataError(`${a.source}: no documents in it`);
  const { model } = merged.vocabulary();
  if (model.keys.length === 0)
    throw dataError(
      `${a.source}: no term is left after tokenizing and pruning ${merged.documents} documents; lower --min-df ` +
        `or raise --max-df`,
    );
  const lines = await comm.allGather(new Float64Array([share.lines]));
  const before = lines.subarray(0, comm.rank).reduce((x, y) => x + y, 0);
  ui.detail(`counted ${merged.documents} documents on ${comm.size} ranks, ${model.keys.length} terms kept`);
  // pass 1: this share's rows of X (rank 0 keeps a sample of its documents for coherence)
  const batches = textBatches(
    share.source(),
    model,
    a.batchSize,
    null,
    root && a.coherence ? COHERENCE_SAMPLE : 0,
    a.seed ?? 0,
    {},
    false,
  );
  const blocks: Csr[] = [],
    ids: string[] = [];
  for await (const X of batches.pass(0)) {
    blocks.push(X as Csr);
    for (const id of batches.idsOf(X)) ids.push(share.idOf(id, before));
  }
  const X = stackRows(blocks, model.keys.length);
  blocks.length = 0;
  const fingerprint = {
    command: 'topics',
    source: a.source,
    ...pickOptions(a, OPTION_NAMES),
    k: a.k,
    tokens: options,
    terms: model.keys.length,
    rows: X.rows,
  };
  const { fit, columnSums, ranks } = await fitAcrossRanks(
    X,
    { ...pickOptions(a, OPTION_NAMES), ...a, k: a.k },
    job,
    fingerprint,
  );
  const batch = new OutputBatch(pendingOutputs);
  try {
    if (a.docTopics && docTopicsFormat)
      await writeShards(
        batch,
        comm,
        a.docTopics,
        fit.W.rows,
        tableChunks(
          coefficientRows(fit.W, fit.H, ids, 'text', a.raw, topicLabels(fit.H, model.terms)),
          docTopicsFormat,
        ),
      );
    let text: string | null = null;
    if (root) {
      let topics = topicsOf(dense(1, a.k, Float32Array.from(columnSums)), fit.H, model.terms, a.top);
      let scores: ReturnType<typeof coherence> | undefined;
      if (a.coherence && batches.sample.length > 0) {
        const texts = batches.sample.map((d) => d.text);
        scores = coherence(fit.H, vectorizeWith(model, texts), tokenStreamsWith(model, texts), a.top);
        topics = withCoherence(topics, scores.topics);
        ui.detail(`coherence over a seeded sample of ${texts.length} of rank 0's ${X.rows} documents`);
      }
      await saveDistributedModel(batch, a.model, fit, columnSums, { kind: 'text', terms: model.terms, model }, scores);
      text =
        a.format === 'text'
          ? topicsText(topics, scores?.summary, topicTextOptions(a))
          : a.format === 'json'
            ? JSON.stringify(
                {
                  command: 'topics',
                  documents: fit.totalRows,
                  terms: model.keys.length,
                  ...distributedSummary(fit, ranks),
                  coherence: scores ? { ...scores.summary, sample: batches.sample.length } : undefined,
                  topics,
                },
                null,
                2,
              ) + '\n'
            : formatTable(topicsTable(topics), a.format);
    }
    // every rank's files are whole before any is renamed into place
    await comm.barrier();
    await batch.commit();
    return text;
  } catch (e) {
    await batch.abort();
    throw e;
  }
}
