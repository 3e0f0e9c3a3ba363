// The flags of a text corpus: where its documents are (a folder, a file, stdin; columns or fields of a
// table) and how they become terms, with their translation into the text loader's options.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { dataError, kebabName, LatentError } from '../core/index.js';
import type { Segmentation, TextSource, TextSourceSpec, VectorizeOptions } from '../loaders/index.js';
import {
  DEFAULT_TEXT_FIELD,
  INPUT_FORMATS,
  readWords,
  SEGMENTATIONS,
  streamSource,
  textSourceFor,
  VECTORIZE_RULES,
  WEIGHTINGS,
} from '../loaders/index.js';
import type { ArgsOf, FlagsOf } from './options.js';
import { checkedNumber } from './rules.js';

/** The flags that say where a file's documents are: columns of a table or Parquet file, fields of JSONL. */
export function withDocumentFields<T>(y: Argv<T>, group: string) {
  return y
    .option('text-column', { type: 'string', describe: 'CSV/TSV/Parquet: the column holding the text', group })
    .option('id-column', {
      type: 'string',
      describe: 'CSV/TSV/Parquet: the column holding document ids (default: the row number)',
      group,
    })
    .option('text-field', {
      type: 'string',
      describe:
        `JSONL: the field holding the text, a dotted path into nested objects allowed (meta.body; default: ` +
        `${DEFAULT_TEXT_FIELD})`,
      group,
    })
    .option('id-field', {
      type: 'string',
      describe: 'JSONL: the field holding document ids (default: the line number)',
      group,
    });
}

/** A text corpus: a folder, a file or stdin, and how it holds documents. */
export function withTextSource<T>(y: Argv<T>) {
  return withDocumentFields(
    y.positional('source', {
      type: 'string',
      demandOption: true,
      describe:
        'a folder (a document per file), a text file (a document per line), a .csv/.tsv or .parquet (with ' +
        '--text-column), a .jsonl, any of them gzipped (.gz), or - for stdin',
    }),
    'Documents:',
  ).option('input-format', {
    choices: INPUT_FORMATS,
    describe:
      "how a file or stdin holds documents (default: by the name's extension, a .gz aside; else jsonl when " +
      '--text-field is given, csv when --text-column is, else lines)',
    group: 'Documents:',
  });
}

/** The source as a loader sees it: '-' is standard input. */
export async function textSource(a: TextSourceSpec & { source: string; quiet?: boolean }): Promise<TextSource> {
  // yargs hands a lone '-' over as an empty string
  if (a.source !== '-' && a.source !== '') return textSourceFor(a.source, a);
  // typed at a terminal, not piped: without a word latent would seem to hang
  if (process.stdin.isTTY && !a.quiet)
    process.stderr.write(
      'latent: reading documents from the terminal, one per line; end them with Ctrl-D (or give a file instead of -)\n',
    );
  return streamSource(process.stdin, 'stdin', a);
}

/** How documents become terms, and which terms are kept. */
export function withTokens<T>(y: Argv<T>) {
  return y
    .option('stop-words', {
      type: 'boolean',
      default: true,
      describe: 'drop English stop words (--no-stop-words keeps them)',
      group: 'Tokens:',
    })
    .option('stop-words-file', { type: 'string', describe: 'more stop words, one per line', group: 'Tokens:' })
    .option('stem', {
      type: 'boolean',
      default: false,
      describe: 'Porter stemming (topics show the most frequent word of each stem)',
      group: 'Tokens:',
    })
    .option('ngrams', {
      ...vectorizerFlag('ngrams'),
      default: 1,
      describe: 'terms are n-grams up to this n',
      group: 'Tokens:',
    })
    .option('keep-numbers', { type: 'boolean', default: false, describe: 'keep tokens with digits', group: 'Tokens:' })
    .option('strip-html', {
      type: 'boolean',
      describe:
        'remove HTML tags, entities, script/style bodies and quoted-printable breaks (default: in the documents ' +
        'that have them; --no-strip-html never)',
      group: 'Tokens:',
    })
    .option('strip-urls', {
      type: 'boolean',
      default: true,
      describe: 'remove web and mail addresses (--no-strip-urls keeps their pieces as words)',
      group: 'Tokens:',
    })
    .option('token-pattern', {
      type: 'string',
      describe:
        "a token is a match of this regular expression (its one group if it has one), as scikit-learn's " +
        'token_pattern; default: runs of letters and digits of 2 or more',
      group: 'Tokens:',
    })
    .option('strip-accents', {
      type: 'boolean',
      default: false,
      describe: 'fold accents (café → cafe)',
      group: 'Tokens:',
    })
    .option('segment', {
      choices: SEGMENTATIONS,
      default: 'auto' as Segmentation,
      describe:
        'words of scripts without spaces (Chinese, Japanese, Thai…): auto cuts their runs into words with ' +
        'Intl.Segmenter, words cuts every document so, chars makes each of their characters a word, none keeps ' +
        'runs whole',
      group: 'Tokens:',
    })
    .option('min-df', {
      ...vectorizerFlag('minDf'),
      default: 2,
      describe: 'keep terms in at least this many documents (or this share, below 1)',
      group: 'Tokens:',
    })
    .option('max-df', {
      ...vectorizerFlag('maxDf'),
      default: 0.95,
      describe: 'drop terms in more than this share of documents',
      group: 'Tokens:',
    })
    .option('max-terms', {
      ...vectorizerFlag('maxTerms'),
      describe: 'keep the most frequent terms only',
      group: 'Tokens:',
    })
    .option('weighting', {
      choices: WEIGHTINGS,
      describe: 'tfidf (default), count (default for --loss kl) or binary',
      group: 'Tokens:',
    })
    .option('sublinear-tf', { type: 'boolean', default: false, describe: 'tf → 1 + ln(tf)', group: 'Tokens:' });
}
export type TokenArgs = FlagsOf<ArgumentsCamelCase<ArgsOf<typeof withTokens<object>>>>;

/** A number flag of the vectorizer's table, checked by its entry as it is parsed (as the loader checks
 *  the options it is given, and a saved model's fields). */
const vectorizerFlag = (name: 'ngrams' | 'minDf' | 'maxDf' | 'maxTerms') =>
  ({
    type: 'number',
    requiresArg: true,
    coerce: checkedNumber(kebabName(name), VECTORIZE_RULES[name], [kebabName(name)]),
  }) as const;

/** The token flags as the text loader's options; the stop-words file is read here. */
export async function vectorizeOptions(a: TokenArgs & { loss?: string }): Promise<VectorizeOptions> {
  // read as text files are (UTF-16 and Latin-1 too); a binary file's refusal names it and says why
  const file = a.stopWordsFile;
  const unreadable = () => dataError(`${file}: cannot read the stop-words file`);
  const extra = file
    ? await access(file, constants.R_OK)
        .catch(() => {
          throw unreadable();
        })
        .then(() => readWords(file))
        .catch((e) => {
          throw e instanceof LatentError ? e : unreadable();
        })
    : [];
  return {
    stopWords: a.stopWords,
    extraStopWords: extra,
    stem: a.stem,
    ngrams: a.ngrams,
    keepNumbers: a.keepNumbers,
    stripHtml: a.stripHtml ?? 'auto',
    stripUrls: a.stripUrls,
    tokenPattern: a.tokenPattern ?? null,
    stripAccents: a.stripAccents,
    segment: a.segment,
    minDf: a.minDf,
    maxDf: a.maxDf,
    maxTerms: a.maxTerms,
    sublinearTf: a.sublinearTf,
    weighting: a.weighting ?? (a.loss === 'kl' ? 'count' : 'tfidf'),
  };
}
