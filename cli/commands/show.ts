// latent show --model FILE: what a saved model holds, without refitting: the topics of a text model
// (with the coherence the fit measured), or each component's share and heaviest columns for images and
// matrices.
import type { Argv, CommandModule } from 'yargs';
import { usageError } from '../../core/index.js';
import type { Model, ModelMerge, RunRecord, Topic } from '../../exporters/index.js';
import {
  basisBody,
  columnNames,
  COMPONENT_COLUMNS,
  formatTable,
  html,
  readModel,
  reportPage,
  TOPIC_WORDS,
  topicsBody,
  topicsOf,
  topicsTable,
  topicsText,
  withCoherence,
  writeAtomic,
} from '../../exporters/index.js';
import type { ArgsOf } from '../options.js';
import { topFlag, topicTextOptions, withExamples, withReport, withTableFormat, withTopicText } from '../options.js';
import { commandLine, WHAT } from '../training.js';

/** Names of H's columns: the terms, a matrix's labels, or pixel coordinates. */
function columnsOf(model: Model): string[] {
  switch (model.kind) {
    case 'text':
      return model.loader.terms;
    case 'matrix':
      return columnNames(model.loader.labels, model.H.cols);
    case 'images': {
      const { width } = model.loader,
        channels = model.loader.color ? 3 : 1;
      return Array.from({ length: model.H.cols }, (_, j) => {
        const p = Math.floor(j / channels),
          x = p % width,
          y = Math.floor(p / width);
        return channels === 3 ? `x${x} y${y} ${'rgb'[j % 3]}` : `x${x} y${y}`;
      });
    }
  }
}

/** What `latent merge` did to the model, in one line: each run's joins and k. */
const mergesLine = (merges: ModelMerge[] | undefined): string =>
  (merges ?? [])
    .map(
      (m) => `merged ${m.groups.map((g) => `${g.topics.join('+')} → ${g.into}`).join(', ')} (k ${m.k[0]} → ${m.k[1]})`,
    )
    .join('; then ');

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
  handler: async (a) => {
    if (a.file !== undefined && a.model !== undefined && a.file !== a.model)
      throw usageError(`show reads one model: ${a.file} or --model ${a.model}`);
    const path = a.model ?? a.file;
    if (path === undefined) throw usageError('name the model file: latent show FILE (or --model FILE)');
    const model = await readModel(path);
    let topics: Topic[] = topicsOf(model.W, model.H, columnsOf(model), a.top);
    // the saved scores are over the top words the fit showed; for another --top they would be wrong
    const scores = model.coherence && model.coherence.summary.top === a.top ? model.coherence : undefined;
    if (scores) topics = withCoherence(topics, scores.topics);
    const merges = mergesLine(model.merges);
    const run = {
      options: model.options,
      objective: model.objective,
      iterations: model.iterations,
      converged: model.converged,
      device: model.device,
      restarts: model.restarts,
    };
    if (a.report) {
      // the winning run is the one of lowest F
      const best = model.restarts.reduce((b, r, i, all) => (r.objective < all[b].objective ? i : b), 0);
      const [rowsAre, colsAre] = WHAT[model.kind];
      const record: RunRecord = {
        command: commandLine(),
        ...run,
        best,
        data: { rows: model.streamed?.rows ?? model.W.rows, cols: model.H.cols, rowsAre, colsAre },
        latent: model.latent,
        created: model.created,
      };
      const names = model.kind === 'text' ? TOPIC_WORDS : COMPONENT_COLUMNS;
      // an image model shows its basis images, drawn from H and the saved shape, not pixel names as words
      const body =
        model.kind === 'images'
          ? await basisBody(
              model.H,
              { width: model.loader.width, height: model.loader.height, channels: model.loader.color ? 3 : 1 },
              topics.map((t) => t.share),
            )
          : topicsBody(topics, model.H, names, scores?.summary, model.kind === 'text' ? model.loader.terms : undefined);
      await writeAtomic(
        a.report,
        reportPage(
          `The model ${path}`,
          html`${topics.length} ${names.factor}s, fitted by latent ${model.latent} on ${model.created}${merges ? `; ${merges}` : ''}`,
          body,
          record,
        ),
      );
    }
    const text =
      (merges ? `${merges}\n\n` : '') +
      (model.kind === 'text'
        ? topicsText(topics, scores?.summary, topicTextOptions(a))
        : topicsText(topics, undefined, topicTextOptions(a)).replace(/^Topic /gm, 'Component '));
    process.stdout.write(
      a.format === 'text'
        ? text
        : a.format === 'json'
          ? JSON.stringify(
              {
                command: 'show',
                model: path,
                kind: model.kind,
                rows: model.streamed?.rows ?? model.W.rows,
                columns: model.H.cols,
                ...run,
                merges: model.merges,
                coherence: scores?.summary,
                [model.kind === 'text' ? 'topics' : 'components']: topics,
              },
              null,
              2,
            ) + '\n'
          : formatTable(
              model.kind === 'text'
                ? topicsTable(topics)
                : topicsTable(topics, { factor: 'component', item: 'column' }),
              a.format,
            ),
    );
  },
};
