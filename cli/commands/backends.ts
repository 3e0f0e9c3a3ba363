// latent backends: the devices found, and which one `auto` picks.
import type { Argv, CommandModule } from 'yargs';
import { deliver } from '../deliver.js';
import { backendsJob } from '../jobs/backends.js';
import { makeUi } from '../progress.js';
import type { ArgsOf } from '../options.js';
import { withExamples, withTableFormat } from '../options.js';

const builder = (y: Argv) => withExamples(withTableFormat(y), [['$0 backends', 'is the GPU used?']]);

export const backendsCommand: CommandModule<object, ArgsOf<typeof builder>> = {
  command: 'backends',
  describe: 'list the devices latent can run on and which one auto picks',
  builder,
  handler: async (a) => deliver(await backendsJob(a), makeUi(a)),
};
