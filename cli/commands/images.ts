// latent images FOLDER --out-dir DIR: an image folder → basis images, a montage, coefficients and
// optional reconstructions, with a summary on stdout.
import type { Argv, CommandModule } from 'yargs';
import { deliver } from '../deliver.js';
import { imagesJob } from '../jobs/images.js';
import type { ArgsOf } from '../options.js';
import { withExamples, withFactorization, withReport, withTableFormat } from '../options.js';
import { withImageOptions } from '../image-options.js';
import { ruleFlag, COMMAND_RULES } from '../rules.js';
import { makeUi } from '../progress.js';

const builder = (y: Argv) =>
  withExamples(
    withReport(
      withTableFormat(
        withFactorization(
          withImageOptions(
            y.positional('folder', {
              type: 'string',
              demandOption: true,
              describe: 'a folder of images (searched recursively)',
            }),
          ),
          'components',
          16,
        ),
      ),
    )
      .option('out-dir', {
        type: 'string',
        demandOption: true,
        describe: 'where the PNGs and coefficients.csv go',
        group: 'Output:',
      })
      .option('raw', {
        type: 'boolean',
        default: false,
        describe: "coefficients.csv holds W itself instead of each image's proportions",
        group: 'Output:',
      })
      .option(
        'reconstructions',
        ruleFlag('reconstructions', COMMAND_RULES.reconstructions, {
          default: 0,
          describe: 'also write original|reconstruction PNGs for the first N images',
          group: 'Output:',
        }),
      ),
    [
      ['$0 images fixtures/digits --out-dir out -k 16', 'sixteen basis images of the shipped digits'],
      ['$0 images photos --size 64x64 --color --out-dir bases --reconstructions 5', 'color photos resized to 64×64'],
    ],
  );

export const imagesCommand: CommandModule<object, ArgsOf<typeof builder>> = {
  command: 'images <folder>',
  describe: 'find basis images in a folder of images',
  builder,
  handler: async (a) => {
    const ui = makeUi(a);
    await deliver(await imagesJob(a, ui), ui);
  },
};
