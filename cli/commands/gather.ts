// latent gather MANIFEST: a --distributed table's shards as one table (stdout, or -o FILE).
import type { Argv, CommandModule } from 'yargs';
import { deliver } from '../deliver.js';
import { gatherJob } from '../jobs/gather.js';
import { makeUi } from '../progress.js';
import { writeStdout } from '../stdout.js';
import type { ArgsOf } from '../options.js';
import { withExamples } from '../options.js';

const builder = (y: Argv) =>
  withExamples(
    y
      .positional('manifest', {
        type: 'string',
        demandOption: true,
        describe: 'the FILE.manifest.json a --distributed run wrote beside its table',
      })
      .option('output', {
        alias: 'o',
        type: 'string',
        describe: 'write the table to FILE instead of stdout',
        group: 'Output:',
      }),
    [['$0 gather dt.csv.manifest.json -o dt.csv', "the ranks' document-topic shards as one table"]],
  );

export const gatherCommand: CommandModule<object, ArgsOf<typeof builder>> = {
  command: 'gather <manifest>',
  describe: 'put the shards of a --distributed table together, checking each against its manifest',
  builder,
  handler: async (a) => deliver(await gatherJob(a, writeStdout), makeUi(a)),
};
