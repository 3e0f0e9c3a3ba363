// The topics job: a text corpus → topics (top words with weights) as the document, and the files asked
// for; --stream fits online in bounded memory, --distributed as one rank of an MPI job.
import { usageError } from '../../core/index.js';
import type { TableFormat } from '../../exporters/index.js';
import { coherence, withCoherence, withTopDocuments, topicsOf } from '../../exporters/index.js';
import type { TextSourceSpec } from '../../loaders/index.js';
import { estimateCorpus, loadText } from '../../loaders/index.js';
import type { DistributedTopicsArgs } from '../distributed/topics.js';
import { distributedTopics } from '../distributed/topics.js';
import { runAsRank } from '../distributed/job.js';
import type { GroupArgs } from '../groups.js';
import { groupPlan, groupsOf, sourceSpec, withLabelFile } from '../groups.js';
import { checkTextJob, memoryLimit } from '../memory-plan.js';
import type { FactorizationArgs } from '../options.js';
import type { TokenArgs } from '../text-options.js';
import { textSource, vectorizeOptions } from '../text-options.js';
import type { Ui } from '../progress.js';
import { loadingReporter } from '../progress.js';
import type { SeedArgs } from '../seed-words.js';
import { seededFit } from '../seed-words.js';
import type { StreamSink } from '../stdout.js';
import type { StreamTopicsArgs } from '../stream-topics.js';
import { streamTopics } from '../stream-topics.js';
import { tableFormatOf } from '../table-format.js';
import { fitDataset, seconds, storageFor } from '../training.js';
import type { JobResult } from './job.js';
import type { Found } from './topics-output.js';
import { topicsDocument, topicsFiles } from './topics-output.js';

export type TopicsOptions = TextSourceSpec &
  TokenArgs &
  FactorizationArgs &
  GroupArgs &
  SeedArgs &
  StreamTopicsArgs &
  DistributedTopicsArgs & {
    format: TableFormat;
    /** The whole topic-word matrix to FILE (.csv, .tsv or .mtx). */
    topicWords?: string;
    /** What pyLDAvis.prepare() takes, to FILE.json. */
    pyldavis?: string;
    /** Each topic's so many documents of highest proportion. */
    topDocs: number;
    report?: string;
    stream: boolean;
    distributed?: boolean;
    maxMemory?: string;
    quiet?: boolean;
    verbose?: boolean;
  };

/** Characters of each document kept for --top-docs. */
const SNIPPET = 80;

/** The one flag of these that is given, by its name. */
const firstOf = (flags: [string, boolean][]) => flags.find(([, given]) => given)?.[0];

function checkDistributed(o: TopicsOptions, groupsWanted: boolean): void {
  const refused = firstOf([
    ['--stream', o.stream],
    ['--top-docs', o.topDocs > 0],
    ['--report', Boolean(o.report)],
    ['--seed-words', Boolean(o.seedWords)],
    [o.classColumn !== undefined ? '--class-column' : '--time-column', groupsWanted],
  ]);
  if (refused) throw usageError(`${refused} is not available with --distributed: leave it out`);
}

function checkStream(o: TopicsOptions, bins: unknown): void {
  if (o.seedWords) throw usageError("--seed-words refits every document's coefficients at once: leave out --stream");
  if (typeof bins === 'number' && o.timeColumn !== undefined)
    throw usageError(
      `--time-bins ${bins}: equal spans need the first and last dates before the pass; ` +
        'with --stream give day, week, month or year',
    );
  if (o.labels !== undefined)
    throw usageError(
      '--labels FILE is read beside a loaded corpus: leave out --stream, or put the labels in columns of a table',
    );
  if (o.topDocs > 0 || o.report)
    throw usageError(
      `${o.topDocs > 0 ? '--top-docs' : '--report'} needs every document's coefficients at once: ` +
        'leave it out with --stream',
    );
}

/** The corpus loaded whole and fitted, its topics scored. */
async function fitInMemory(o: TopicsOptions, ui: Ui, groupsWanted: ReturnType<typeof groupPlan>): Promise<Found> {
  const start = performance.now();
  const source = await textSource(sourceSpec(o)),
    options = await vectorizeOptions(o);
  checkTextJob(
    o.source || 'stdin',
    await estimateCorpus(source, options),
    o.k,
    o.coherence,
    memoryLimit(o.maxMemory),
    o.batchSize,
    o.device === 'auto' || o.device === 'webasm',
  );
  const loading = loadingReporter(ui.progress);
  const loaded = await loadText(
    source,
    options,
    { progress: loading.progress },
    { tokens: o.coherence || o.pyldavis !== undefined, snippets: o.topDocs > 0 ? SNIPPET : undefined },
    await storageFor(o.device),
  ).finally(loading.end);
  const data = await withLabelFile(loaded, o, ui);
  const unseeded = await fitDataset(data, o, ui, seconds(start));
  const fit = o.seedWords ? await seededFit(unseeded, data, o, ui) : unseeded;
  if (data.columns.kind !== 'text' || data.X.kind !== 'csr')
    throw new Error('a text loader returns sparse text columns');
  const columns = data.columns;
  let topics = topicsOf(fit.W, fit.H, columns.terms, o.top);
  let scores: ReturnType<typeof coherence> | undefined;
  if (o.coherence && columns.tokens) {
    const began = performance.now();
    scores = coherence(fit.H, data.X, columns.tokens, o.top);
    topics = withCoherence(topics, scores.topics);
    ui.detail(`coherence of ${topics.length} topics in ${seconds(began).toFixed(2)} s`);
  }
  if (o.topDocs > 0) topics = withTopDocuments(topics, fit.W, fit.H, data.rows, columns.snippets ?? [], o.topDocs);
  const groups = groupsWanted.wanted
    ? groupsOf(data, fit.W, fit.H, groupsWanted.bins, o.top, o.source || 'stdin')
    : null;
  return { data, columns, fit, topics, scores, groups };
}

/** `stream` takes rank 0's document under --distributed. */
export async function topicsJob(o: TopicsOptions, ui: Ui, stream: StreamSink): Promise<JobResult> {
  const groupsWanted = groupPlan(o, o.format);
  const interop = o.topicWords !== undefined ? '--topic-words' : o.pyldavis !== undefined ? '--pyldavis' : null;
  if (interop && (o.stream || o.distributed))
    throw usageError(
      `${interop} is written from a fit in one process: leave out ${o.stream ? '--stream' : '--distributed'} ` +
        '(or run latent show on its model)',
    );
  const docTopicsFormat = o.docTopics ? tableFormatOf(o.docTopics) : null;
  if (o.distributed) {
    checkDistributed(o, groupsWanted.wanted);
    const source = await textSource(o),
      options = await vectorizeOptions(o);
    const flags = { quiet: o.quiet, verbose: o.verbose };
    await runAsRank(flags, (job) => distributedTopics(o, source, options, job, docTopicsFormat), stream);
    return { files: null, document: '' };
  }
  if (o.stream) {
    checkStream(o, groupsWanted.bins);
    const grouping = groupsWanted.wanted ? { bins: groupsWanted.bins } : null;
    const source = await textSource(o);
    const document = await streamTopics(o, source, await vectorizeOptions(o), ui, docTopicsFormat, grouping);
    return { files: null, document };
  }
  const found = await fitInMemory(o, ui, groupsWanted);
  return { files: await topicsFiles(found, o), document: topicsDocument(found, o) };
}
