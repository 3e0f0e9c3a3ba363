// latent topics SOURCE: a text corpus → topics (top words with weights), optionally the document-topic table.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { dataError, usageError } from '../../core/index.js';
import type { TableFormat } from '../../exporters/index.js';
import { coefficientsTable, coherence, formatTable, OutputBatch, topicsOf, topicsTable, topicsText, withCoherence, withTopDocuments } from '../../exporters/index.js';
import { INPUT_FORMATS, loadText, streamSource, textSourceFor, WEIGHTINGS } from '../../loaders/index.js';
import type { InputFormat, TextSource, TextSourceSpec, VectorizeOptions } from '../../loaders/index.js';
import type { CommonArgs, FactorizationArgs } from '../options.js';
import { withFactorization, withTableFormat } from '../options.js';
import { makeUi } from '../progress.js';
import { fitDataset, runSummary, saveModel, seconds } from '../run.js';

export interface TextArgs {
  source: string; textColumn?: string; idColumn?: string; inputFormat?: InputFormat; stopWords: boolean; stopWordsFile?: string; stem: boolean;
  ngrams: number; keepNumbers: boolean; stripHtml?: boolean; stripUrls: boolean; tokenPattern?: string; stripAccents: boolean; minDf: number; maxDf: number; maxTerms?: number; weighting?: string; sublinearTf: boolean;
}

/** The tokenizing and pruning options, shared with `transform`'s text sources. */
export function withTextSource<T>(y: Argv<T>) {
  return y
    .positional('source', { type: 'string', demandOption: true, describe: 'a folder (a document per file), a text file (a document per line), a .csv/.tsv (with --text-column), or - for stdin' })
    .option('text-column', { type: 'string', describe: 'CSV/TSV: the column holding the text', group: 'Documents:' })
    .option('id-column', { type: 'string', describe: 'CSV/TSV: the column holding document ids (default: the row number)', group: 'Documents:' })
    .option('input-format', { choices: INPUT_FORMATS, describe: 'how a file or stdin holds documents (default: csv/tsv by the name\'s extension or when --text-column is given, else lines)', group: 'Documents:' });
}

export function withTokens<T>(y: Argv<T>) {
  return y
    .option('stop-words', { type: 'boolean', default: true, describe: 'drop English stop words (--no-stop-words keeps them)', group: 'Tokens:' })
    .option('stop-words-file', { type: 'string', describe: 'more stop words, one per line', group: 'Tokens:' })
    .option('stem', { type: 'boolean', default: false, describe: 'Porter stemming (topics show the most frequent word of each stem)', group: 'Tokens:' })
    .option('ngrams', { type: 'number', default: 1, describe: 'terms are n-grams up to this n', group: 'Tokens:' })
    .option('keep-numbers', { type: 'boolean', default: false, describe: 'keep tokens with digits', group: 'Tokens:' })
    .option('strip-html', { type: 'boolean', describe: 'remove HTML tags, entities, script/style bodies and quoted-printable breaks (default: in the documents that have them; --no-strip-html never)', group: 'Tokens:' })
    .option('strip-urls', { type: 'boolean', default: true, describe: 'remove web and mail addresses (--no-strip-urls keeps their pieces as words)', group: 'Tokens:' })
    .option('token-pattern', { type: 'string', describe: 'a token is a match of this regular expression (its one group if it has one), as scikit-learn\'s token_pattern; default: runs of letters and digits of 2 or more', group: 'Tokens:' })
    .option('strip-accents', { type: 'boolean', default: false, describe: 'fold accents (café → cafe)', group: 'Tokens:' })
    .option('min-df', { type: 'number', default: 2, describe: 'keep terms in at least this many documents (or this share, below 1)', group: 'Tokens:' })
    .option('max-df', { type: 'number', default: 0.95, describe: 'drop terms in more than this share of documents', group: 'Tokens:' })
    .option('max-terms', { type: 'number', describe: 'keep the most frequent terms only', group: 'Tokens:' })
    .option('weighting', { choices: WEIGHTINGS, describe: 'tfidf (default), count (default for --loss kl) or binary', group: 'Tokens:' })
    .option('sublinear-tf', { type: 'boolean', default: false, describe: 'tf → 1 + ln(tf)', group: 'Tokens:' });
}

/** The source as a loader sees it: '-' is standard input. */
export async function textSource(a: TextSourceSpec & { source: string }): Promise<TextSource> {
  // yargs hands a lone '-' over as an empty string
  return a.source === '-' || a.source === '' ? streamSource(process.stdin, 'stdin', a) : textSourceFor(a.source, a);
}

async function vectorizeOptions(a: TextArgs & { loss?: string }): Promise<VectorizeOptions> {
  const extra = a.stopWordsFile
    ? (await readFile(a.stopWordsFile, 'utf8').catch(() => { throw dataError(`${a.stopWordsFile}: cannot read the stop-words file`); })).split(/\s+/).filter(Boolean)
    : [];
  return {
    stopWords: a.stopWords, extraStopWords: extra, stem: a.stem, ngrams: a.ngrams, keepNumbers: a.keepNumbers,
    stripHtml: a.stripHtml ?? 'auto', stripUrls: a.stripUrls, tokenPattern: a.tokenPattern ?? null, stripAccents: a.stripAccents,
    minDf: a.minDf, maxDf: a.maxDf, maxTerms: a.maxTerms, sublinearTf: a.sublinearTf,
    weighting: (a.weighting ?? (a.loss === 'kl' ? 'count' : 'tfidf')) as VectorizeOptions['weighting'],
  };
}

/** A table file's format from its name: .tsv, .json, else CSV. */
export const tableFormatOf = (path: string): TableFormat =>
  ({ '.tsv': 'tsv', '.json': 'json', '.txt': 'text' } as Record<string, TableFormat>)[extname(path).toLowerCase()] ?? 'csv';

type Args = TextArgs & FactorizationArgs & CommonArgs & { top: number; docTopics?: string; raw: boolean; coherence: boolean; topDocs: number; format: TableFormat };

/** Characters of each document kept for --top-docs. */
const SNIPPET = 80;

export const topicsCommand: CommandModule<object, Args> = {
  command: 'topics <source>',
  describe: 'find topics in a text corpus',
  builder: (y) => withTableFormat(withFactorization(withTokens(withTextSource(y)), 'topics', 10))
    .option('top', { type: 'number', default: 10, describe: 'words shown per topic', group: 'Output:' })
    .option('doc-topics', { type: 'string', describe: 'write the document-topic table to FILE (.csv, .tsv or .json): topic proportions per document', group: 'Output:' })
    .option('raw', { type: 'boolean', default: false, describe: '--doc-topics holds W itself instead of proportions', group: 'Output:' })
    .option('coherence', { type: 'boolean', default: true, describe: 'score each topic: NPMI (gensim\'s c_npmi, windows of 10 tokens), UMass, and the topics\' diversity (--no-coherence skips it)', group: 'Output:' })
    .option('top-docs', { type: 'number', default: 0, describe: 'show each topic\'s N documents of highest proportion (id and first characters)', group: 'Output:' })
    .example('$0 topics fixtures/emails -k 8', 'eight topics of the shipped emails')
    .example('$0 topics reviews.csv --text-column body --format csv | head', 'topics as CSV')
    .example('cat notes.txt | $0 topics - -k 5 --stem', 'one document per line from stdin')
    .example('cat reviews.csv | $0 topics - --text-column body --top-docs 3', 'CSV on stdin, three documents per topic') as unknown as Argv<Args>,
  handler: async (a: ArgumentsCamelCase<Args>) => {
    const ui = makeUi(a);
    if (!(Number.isInteger(a.top) && a.top >= 1)) throw usageError(`--top is ${a.top}: it must be a whole number ≥ 1`);
    if (!(Number.isInteger(a.topDocs) && a.topDocs >= 0)) throw usageError(`--top-docs is ${a.topDocs}: it must be a whole number ≥ 0`);
    const start = performance.now();
    const data = await loadText(await textSource(a), await vectorizeOptions(a), {}, { tokens: a.coherence, snippets: a.topDocs > 0 ? SNIPPET : undefined });
    const fit = await fitDataset(data, a, ui, seconds(start));
    if (data.columns.kind !== 'text' || data.X.kind !== 'csr') throw new Error('a text loader returns sparse text columns');
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
    const batch = new OutputBatch();
    if (a.docTopics) await batch.write(a.docTopics, formatTable(coefficientsTable(fit.W, fit.H, data.rows, 'text', a.raw), tableFormatOf(a.docTopics)));
    await saveModel(batch, a.model, fit, data, scores);
    const out = a.format === 'text' ? topicsText(topics, scores?.summary)
      : a.format === 'json' ? JSON.stringify({ command: 'topics', documents: data.X.rows, terms: columns.terms.length, ...runSummary(fit), coherence: scores?.summary, topics }, null, 2) + '\n'
        : formatTable(topicsTable(topics), a.format);
    await batch.commit();
    process.stdout.write(out);
  },
};
