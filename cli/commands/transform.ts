// latent transform --model FILE SOURCE: new documents, images or matrix rows → their coefficients with
// the model's H fixed, loaded with the model's own settings. What is minimized comes from the model;
// how long and where it runs (the device included) from this command's flags.
import type { Argv, CommandModule } from 'yargs';
import { optionsOfRole, pickOptions, transform, usageError } from '../../core/index.js';
import type { Model } from '../../exporters/index.js';
import {
  coefficientRows,
  groupsTable,
  OutputBatch,
  readModel,
  tableChunks,
  transformWriter,
  topicLabels,
} from '../../exporters/index.js';
import { groupPlan, groupsOf, sourceSpec, withGroups, withLabelFile } from '../groups.js';
import { tableFormatOf } from '../table-format.js';
import type { Dataset, TextSourceSpec } from '../../loaders/index.js';
import { loadImagesLike, loadMatrix, loadTextLike } from '../../loaders/index.js';
import type { ArgsOf } from '../options.js';
import { textSource, withBatches, withExamples, withRunOptions, withTableFormat, withTextSource } from '../options.js';
import { makeUi } from '../progress.js';
import { streamTransform } from '../stream-transform.js';
import { reportSkipped } from '../training.js';

/** New data loaded with the model's own loader settings. */
export async function loadLike(model: Model, a: TextSourceSpec & { source: string }): Promise<Dataset> {
  switch (model.kind) {
    case 'text':
      return loadTextLike(await textSource(a), model.loader);
    case 'images':
      return loadImagesLike(a.source, model.loader);
    case 'matrix':
      return loadMatrix(a.source, { format: model.loader.format });
  }
}

/** Words per topic and group in the --groups table. */
const TOP_WORDS = 10;

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
        'read, solve and write --batch-size documents or matrix rows at a time: memory bounded by one batch (stdin allowed for text; not for images); --format text aligns its columns to the first batch',
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
        '$0 transform --model news.model 2025.csv --text-column body --time-column date --time-bins week --groups weeks.csv',
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
    const groups = groupPlan(a, null);
    const model = await readModel(a.model);
    if (groups.wanted && model.kind !== 'text')
      throw usageError(
        `${a.classColumn !== undefined ? '--class-column' : '--time-column'} applies to documents, but ${a.model} is a model of ${model.kind}`,
      );
    if (groups.wanted && a.stream)
      throw usageError(
        `${a.classColumn !== undefined ? '--class-column' : '--time-column'} is not built for --stream yet: leave --stream out`,
      );
    if (a.stream) return streamTransform(a, model, ui);
    const data = await withLabelFile(await loadLike(model, sourceSpec(a)), a, ui);
    reportSkipped(data, ui);
    const result = await transform(data.X, model.H, {
      ...pickOptions(model.options, optionsOfRole('model')),
      ...pickOptions(a, optionsOfRole('run')),
    });
    ui.detail(
      `transformed ${data.X.rows} rows on ${result.device} in ${result.seconds.toFixed(2)} s: F ${result.objective.toPrecision(6)}, ${result.iterations} iterations, ${result.converged ? 'converged' : 'not converged'}`,
    );
    // the writer --stream uses, given every row at once: the same bytes for the same rows
    const table = coefficientRows(
      result.W,
      model.H,
      data.rows,
      model.kind,
      a.raw,
      model.kind === 'text' ? topicLabels(model.H, model.loader.terms) : undefined,
    );
    const out = transformWriter(table.columns, a.format, a.model, a.raw);
    if (groups.wanted && a.groups) {
      const batch = new OutputBatch();
      await batch.write(
        a.groups,
        tableChunks(
          groupsTable(groupsOf(data, result.W, model.H, groups.bins, TOP_WORDS, a.source || 'stdin')),
          tableFormatOf(a.groups),
        ),
      );
      await batch.commit();
    }
    process.stdout.write(out.rows(table) + out.end(result));
  },
};
