// latent transform --model FILE SOURCE: new documents, images or matrix rows → their coefficients with
// the model's H fixed, loaded with the model's own settings. What is minimized comes from the model;
// how long and where it runs (the device included) from this command's flags.
import type { Argv, CommandModule } from 'yargs';
import { deliver } from '../deliver.js';
import { withGroups } from '../groups.js';
import { transformJob } from '../jobs/transform.js';
import type { ArgsOf } from '../options.js';
import { withBatches, withExamples, withRunOptions, withTableFormat } from '../options.js';
import { withTextSource } from '../text-options.js';
import { makeUi } from '../progress.js';
import { writeStdout } from '../stdout.js';

const builder = (y: Argv) =>
  withExamples(
    withGroups(
      withBatches(
        withTableFormat(
          withRunOptions(
            withTextSource(y).option('model', {
              type: 'string',
              demandOption: true,
              describe: 'a model file written by --model',
              group: 'Input:',
            }),
          ),
        ).option('raw', {
          type: 'boolean',
          default: false,
          describe: "write W itself instead of each row's proportions",
          group: 'Output:',
        }),
        'read, solve and write --batch-size documents or matrix rows at a time: memory bounded by one batch ' +
          '(stdin allowed for text; not for images); --format text aligns its columns to the first batch',
      ),
    ),
    [
      [
        '$0 transform --model emails.model new-mail/',
        'topic weights of new emails, with a model saved by `latent topics … --model emails.model`',
      ],
      [
        '$0 transform --model gpu.model new-mail/ --device webasm',
        'a model fitted on a GPU machine, applied on the CPU',
      ],
      [
        '$0 transform --model news.model 2025.csv --text-column body --time-column date --time-bins week ' +
          '--groups weeks.csv',
        "each topic's share and words per week of new documents",
      ],
      [
        'zcat big.jsonl.gz | $0 transform --model news.model - --stream --format csv > dt.csv',
        'any number of documents, written as they are solved',
      ],
    ],
  );

export const transformCommand: CommandModule<object, ArgsOf<typeof builder>> = {
  command: 'transform <source>',
  describe: "coefficients of new documents, images or rows with a saved model's H fixed",
  builder,
  handler: async (a) => {
    const ui = makeUi(a);
    await deliver(await transformJob(a, ui, writeStdout), ui);
  },
};
