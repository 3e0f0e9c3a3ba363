// latent gather MANIFEST: a --distributed table's shards as one table (stdout, or -o FILE).
import type { Argv, CommandModule } from 'yargs';
import { writeAtomic } from '../../exporters/index.js';
import type { ArgsOf } from '../options.js';
import { withExamples } from '../options.js';
import { gatheredTable } from '../distributed/gather.js';

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
  handler: async (a) => {
    if (a.output) return writeAtomic(a.output, gatheredTable(a.manifest));
    for await (const chunk of gatheredTable(a.manifest)) {
      if (!process.stdout.write(chunk)) await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
  },
};
