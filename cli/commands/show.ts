// latent show --model FILE: what a saved model holds, without refitting: the topics of a text model
// (with the coherence the fit measured), or each component's share and heaviest columns for images and
// matrices.
import type { Argv, CommandModule } from 'yargs';
import { deliver } from '../deliver.js';
import { showJob } from '../jobs/show.js';
import { makeUi } from '../progress.js';
import type { ArgsOf } from '../options.js';
import { topFlag, withExamples, withReport, withTableFormat, withTopicText } from '../options.js';

const builder = (y: Argv) =>
  withExamples(
    withReport(withTopicText(withTableFormat(y)))
      .positional('file', { type: 'string', describe: 'a model file written by --model (or give --model FILE)' })
      .option('model', { type: 'string', describe: 'a model file written by --model', group: 'Input:' })
      .option('top', topFlag('words (or columns) shown per topic (or component)')),
    [['$0 topics fixtures/emails -k 8 --model m.json && $0 show m.json', 'the topics again, from the file']],
  );

export const showCommand: CommandModule<object, ArgsOf<typeof builder>> = {
  command: 'show [file]',
  describe: 'show a saved model: its topics, or its components, without refitting',
  builder,
  handler: async (a) => deliver(await showJob(a), makeUi(a)),
};
