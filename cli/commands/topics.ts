// latent topics SOURCE: a text corpus → topics (top words with weights), optionally the document-topic table.
import type { Argv, CommandModule } from 'yargs';
import { usageError } from '../../core/index.js';
import {
  coefficientRows,
  coherence,
  matrixFormatOf,
  pyLdavisInput,
  topicWordMatrix,
  formatTable,
  groupsSection,
  groupsTable,
  groupsText,
  html,
  OutputBatch,
  reportPage,
  tableChunks,
  TOPIC_WORDS,
  topicsBody,
  topicsOf,
  topicsTable,
  topicsText,
  withCoherence,
  withTopDocuments,
  topicLabels,
} from '../../exporters/index.js';
import { estimateCorpus, loadText } from '../../loaders/index.js';
import { groupPlan, groupsOf, sourceSpec, withGroups, withLabelFile } from '../groups.js';
import { seededFit, withSeedWords } from '../seed-words.js';
import { checkTextJob, memoryLimit } from '../memory-plan.js';
import type { ArgsOf } from '../options.js';
import {
  textSource,
  topFlag,
  topicTextOptions,
  vectorizeOptions,
  withDistributed,
  withExamples,
  withFactorization,
  withReport,
  withStreaming,
  withTableFormat,
  withTextSource,
  withTokens,
  withTopicText,
} from '../options.js';
import { ruleFlag, COMMAND_RULES } from '../rules.js';
import { streamTopics } from '../stream-topics.js';
import { runAsRank } from '../distributed/job.js';
import { distributedTopics } from '../distributed/topics.js';
import { loadingReporter, makeUi } from '../progress.js';
import { fitDataset, runRecord, runSummary, saveModel, seconds, storageFor } from '../training.js';

import { tableFormatOf } from '../table-format.js';
import { writeStdout } from '../stdout.js';

export { tableFormatOf };

/** Characters of each document kept for --top-docs. */
const SNIPPET = 80;

const builder = (y: Argv) =>
  withExamples(
    withDistributed(
      withSeedWords(
        withGroups(
          withStreaming(
            withReport(withTopicText(withTableFormat(withFactorization(withTokens(withTextSource(y)), 'topics', 10)))),
          ),
        )
          .option('top', topFlag('words shown per topic'))
          .option('doc-topics', {
            type: 'string',
            describe: 'write the document-topic table to FILE (.csv, .tsv or .json): topic proportions per document',
            group: 'Output:',
          })
          .option('topic-words', {
            type: 'string',
            describe: 'write the whole topic-word matrix, terms × topics (H transposed), to FILE (.csv, .tsv or .mtx)',
            group: 'Output:',
          })
          .option('pyldavis', {
            type: 'string',
            describe:
              'write what pyLDAvis.prepare() takes to FILE.json: in Python, pyLDAvis.prepare(**json.load(open(FILE)))',
            group: 'Output:',
          })
          .option('raw', {
            type: 'boolean',
            default: false,
            describe: '--doc-topics holds W itself instead of proportions',
            group: 'Output:',
          })
          .option('coherence', {
            type: 'boolean',
            default: true,
            describe:
              "score each topic: NPMI (gensim's c_npmi, windows of 10 tokens), UMass, c_v (gensim's, windows of 110), and the topics' diversity (--no-coherence skips it)",
            group: 'Output:',
          })
          .option(
            'top-docs',
            ruleFlag('top-docs', COMMAND_RULES.topDocs, {
              default: 0,
              describe: "show each topic's N documents of highest proportion (id and first characters)",
              group: 'Output:',
            }),
          ),
      ),
      false,
    ),
    [
      ['$0 topics fixtures/emails -k 8', 'eight topics of the shipped emails'],
      ['$0 topics reviews.csv --text-column body --format csv | head', 'topics as CSV'],
      ['cat notes.txt | $0 topics - -k 5 --stem', 'one document per line from stdin'],
      ['cat reviews.csv | $0 topics - --text-column body --top-docs 3', 'CSV on stdin, three documents per topic'],
      [
        '$0 topics fixtures/emails -k 8 --seed-words seeds.txt',
        'topics 1–3 named by the three lines of seeds.txt, such as "linux kernel rpm"',
      ],
      [
        '$0 topics reviews.csv --text-column body --class-column product --time-column date --time-bins year',
        "each topic's share and words per product and per year",
      ],
      [
        '$0 topics big.jsonl.gz --text-field text --stream -k 50 --doc-topics dt.csv',
        'a corpus of any size, in bounded memory',
      ],
      [
        'mpirun -np 8 $0 topics corpus.jsonl --distributed -k 50 --doc-topics dt.csv',
        'across 8 ranks: dt.rank-*.csv and dt.csv.manifest.json',
      ],
    ],
  );

export const topicsCommand: CommandModule<object, ArgsOf<typeof builder>> = {
  command: 'topics <source>',
  describe: 'find topics in a text corpus',
  builder,
  handler: async (a) => {
    const ui = makeUi(a);
    const groupsWanted = groupPlan(a, a.format);
    const interop = a.topicWords !== undefined ? '--topic-words' : a.pyldavis !== undefined ? '--pyldavis' : null;
    if (interop && (a.stream || a.distributed))
      throw usageError(
        `${interop} is written from a fit in one process: leave out ${a.stream ? '--stream' : '--distributed'} (or run latent show on its model)`,
      );
    if (a.distributed) {
      if (a.stream || a.topDocs > 0 || a.report || a.seedWords || groupsWanted.wanted)
        throw usageError(
          `${a.stream ? '--stream' : a.topDocs > 0 ? '--top-docs' : a.report ? '--report' : a.seedWords ? '--seed-words' : a.classColumn !== undefined ? '--class-column' : '--time-column'} is not available with --distributed: leave it out`,
        );
      const source = await textSource(a),
        options = await vectorizeOptions(a);
      await runAsRank(
        a,
        (job) => distributedTopics(a, source, options, job, a.docTopics ? tableFormatOf(a.docTopics) : null),
        writeStdout,
      );
      return;
    }
    if (a.stream) {
      if (a.seedWords)
        throw usageError("--seed-words refits every document's coefficients at once: leave out --stream");
      if (typeof groupsWanted.bins === 'number' && a.timeColumn !== undefined)
        throw usageError(
          `--time-bins ${groupsWanted.bins}: equal spans need the first and last dates before the pass; with --stream give day, week, month or year`,
        );
      if (a.labels !== undefined)
        throw usageError(
          '--labels FILE is read beside a loaded corpus: leave out --stream, or put the labels in columns of a table',
        );
      if (a.topDocs > 0 || a.report)
        throw usageError(
          `${a.topDocs > 0 ? '--top-docs' : '--report'} needs every document's coefficients at once: leave it out with --stream`,
        );
      process.stdout.write(
        await streamTopics(
          a,
          await textSource(a),
          await vectorizeOptions(a),
          ui,
          a.docTopics ? tableFormatOf(a.docTopics) : null,
          groupsWanted.wanted ? { bins: groupsWanted.bins } : null,
        ),
      );
      return;
    }
    const start = performance.now();
    const source = await textSource(sourceSpec(a)),
      options = await vectorizeOptions(a);
    checkTextJob(
      a.source || 'stdin',
      await estimateCorpus(source, options),
      a.k,
      a.coherence,
      memoryLimit(a.maxMemory),
      a.batchSize,
      a.device === 'auto' || a.device === 'webasm',
    );
    const loading = loadingReporter(ui.progress);
    const data = await withLabelFile(
      await loadText(
        source,
        options,
        { progress: loading.progress },
        { tokens: a.coherence || a.pyldavis !== undefined, snippets: a.topDocs > 0 ? SNIPPET : undefined },
        await storageFor(a.device),
      ).finally(loading.end),
      a,
      ui,
    );
    const unseeded = await fitDataset(data, a, ui, seconds(start));
    const fit = a.seedWords ? await seededFit(unseeded, data, a, ui) : unseeded;
    if (data.columns.kind !== 'text' || data.X.kind !== 'csr')
      throw new Error('a text loader returns sparse text columns');
    const { columns } = data;
    let topics = topicsOf(fit.W, fit.H, columns.terms, a.top);
    let scores: ReturnType<typeof coherence> | undefined;
    if (a.coherence && columns.tokens) {
      const began = performance.now();
      scores = coherence(fit.H, data.X, columns.tokens, a.top);
      topics = withCoherence(topics, scores.topics);
      ui.detail(`coherence of ${topics.length} topics in ${seconds(began).toFixed(2)} s`);
    }
    if (a.topDocs > 0) topics = withTopDocuments(topics, fit.W, fit.H, data.rows, columns.snippets ?? [], a.topDocs);
    const groups = groupsWanted.wanted
      ? groupsOf(data, fit.W, fit.H, groupsWanted.bins, a.top, a.source || 'stdin')
      : null;
    const batch = new OutputBatch();
    if (groups && a.groups) await batch.write(a.groups, tableChunks(groupsTable(groups), tableFormatOf(a.groups)));
    if (a.docTopics)
      await batch.write(
        a.docTopics,
        tableChunks(
          coefficientRows(fit.W, fit.H, data.rows, 'text', a.raw, topicLabels(fit.H, columns.terms)),
          tableFormatOf(a.docTopics),
        ),
      );
    if (a.topicWords)
      await batch.write(a.topicWords, topicWordMatrix(fit.H, columns.terms, matrixFormatOf(a.topicWords)));
    if (a.pyldavis)
      await batch.write(a.pyldavis, JSON.stringify(pyLdavisInput(fit.W, fit.H, columns.terms, columns.tokens!)) + '\n');
    await saveModel(batch, a.model, fit, data, scores);
    if (a.report) {
      const summary = `${topics.length} topics of ${data.X.rows} documents over ${columns.terms.length} terms`;
      const labels = topics.map((t) =>
        t.words
          .slice(0, 3)
          .map((w) => w.word)
          .join(' '),
      );
      const body = html`${topicsBody(topics, fit.H, TOPIC_WORDS, scores?.summary, columns.terms)}${groups ? groupsSection(groups, labels) : ''}`;
      await batch.write(
        a.report,
        reportPage(`Topics of ${a.source || 'stdin'}`, html`${summary}`, body, runRecord(fit, data)),
      );
    }
    const inline = groups && !a.groups ? groups : undefined;
    const out =
      a.format === 'text'
        ? topicsText(topics, scores?.summary, topicTextOptions(a)) + (inline ? `\n${groupsText(inline)}` : '')
        : a.format === 'json'
          ? JSON.stringify(
              {
                command: 'topics',
                documents: data.X.rows,
                terms: columns.terms.length,
                ...runSummary(fit),
                coherence: scores?.summary,
                topics,
                groups: inline,
              },
              null,
              2,
            ) + '\n'
          : formatTable(topicsTable(topics), a.format);
    await batch.commit();
    process.stdout.write(out);
  },
};
