// latent topics SOURCE: a text corpus → topics (top words with weights), optionally the document-topic table.
import type { Argv, CommandModule } from 'yargs';
import { deliver } from '../deliver.js';
import { withGroups } from '../groups.js';
import { topicsJob } from '../jobs/topics.js';
import { withSeedWords } from '../seed-words.js';
import type { ArgsOf } from '../options.js';
import {
  topFlag,
  withDistributed,
  withExamples,
  withFactorization,
  withReport,
  withStreaming,
  withTableFormat,
  withTopicText,
} from '../options.js';
import { withTextSource, withTokens } from '../text-options.js';
import { ruleFlag, COMMAND_RULES } from '../rules.js';
import { makeUi } from '../progress.js';
import { writeStdout } from '../stdout.js';

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
              "score each topic: NPMI (gensim's c_npmi, windows of 10 tokens), UMass, c_v (gensim's, windows of " +
              "110), and the topics' diversity (--no-coherence skips it)",
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
    await deliver(await topicsJob(a, ui, writeStdout), ui);
  },
};
