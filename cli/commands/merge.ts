// latent merge --model M SOURCE --topics 3,7 | --reduce-to N --out NEW: topics joined into one, the
// joined rows refitted over the training data with every other topic held, written as a new model with
// its merges logged. Frobenius models (the default loss): the refit is HALS on that objective.
import type { Argv, CommandModule } from 'yargs';
import { deliver } from '../deliver.js';
import { mergeJob } from '../jobs/merge.js';
import type { ArgsOf } from '../options.js';
import { topFlag, withExamples } from '../options.js';
import { withTextSource } from '../text-options.js';
import { ruleFlag, COMMAND_RULES } from '../rules.js';
import { makeUi } from '../progress.js';

const builder = (y: Argv) =>
  withExamples(
    withTextSource(y)
      .option('model', {
        type: 'string',
        demandOption: true,
        describe: 'the model file to merge topics of; SOURCE is the data it was fitted on',
        group: 'Merge:',
      })
      .option('topics', {
        type: 'string',
        describe: 'topics to join into one, such as 3,7 (or 3+7+9); more merges after a slash: 3,7/1,4',
        group: 'Merge:',
      })
      .option('reduce-to', {
        type: 'number',
        describe: "join the most similar topics (cosine of H's rows) until N remain",
        group: 'Merge:',
      })
      .option('out', {
        type: 'string',
        demandOption: true,
        describe: 'write the merged model to FILE',
        group: 'Merge:',
      })
      .option(
        'sweeps',
        ruleFlag('sweeps', COMMAND_RULES.mergeSweeps, {
          default: 20,
          describe: 'HALS sweeps refitting W and the joined topics, the others held',
          group: 'Merge:',
        }),
      )
      .option('top', topFlag('words shown per topic')),
    [
      ['$0 merge --model emails.model fixtures/emails --topics 3,7 --out merged.model', 'topics 3 and 7 as one'],
      [
        '$0 merge --model emails.model fixtures/emails --reduce-to 6 --out six.model',
        'the most alike topics joined until six remain',
      ],
    ],
  );

export const mergeCommand: CommandModule<object, ArgsOf<typeof builder>> = {
  command: 'merge <source>',
  describe: 'join topics of a saved model into one and refit them, as a new model',
  builder,
  handler: async (a) => deliver(await mergeJob(a), makeUi(a)),
};
