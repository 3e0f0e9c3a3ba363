// The show job: what a saved model holds, without refitting: the topics of a text model (with the
// coherence the fit measured), or each component's share and heaviest columns for images and matrices.
import { usageError } from '../../core/index.js';
import type { Model, ModelCoherence, ModelMerge, RunRecord, TableFormat, Topic } from '../../exporters/index.js';
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
} from '../../exporters/index.js';
import { topicTextOptions } from '../options.js';
import { commandLine, AXIS_NAMES } from '../training.js';
import type { JobResult } from './job.js';

export interface ShowOptions {
  /** The model file, named either way (both given must agree). */
  file?: string;
  model?: string;
  top: number;
  format: TableFormat;
  weights?: boolean;
  report?: string;
}

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
    .map((m) => {
      const joins = m.groups.map((g) => `${g.topics.join('+')} → ${g.into}`).join(', ');
      return `merged ${joins} (k ${m.k[0]} → ${m.k[1]})`;
    })
    .join('; then ');

/** The fit's figures as the model file keeps them. */
const runOf = (model: Model) => ({
  options: model.options,
  objective: model.objective,
  iterations: model.iterations,
  converged: model.converged,
  device: model.device,
  restarts: model.restarts,
});

/** What the model shows, read once for the report and the document. */
interface Shown {
  path: string;
  model: Model;
  topics: Topic[];
  scores: ModelCoherence | undefined;
  merges: string;
}

async function report(s: Shown): Promise<string> {
  const { model, topics, scores, merges } = s;
  // the winning run is the one of lowest F
  const best = model.restarts.reduce((b, r, i, all) => (r.objective < all[b].objective ? i : b), 0);
  const [rowsAre, colsAre] = AXIS_NAMES[model.kind];
  const record: RunRecord = {
    command: commandLine(),
    ...runOf(model),
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
  const fitted = `fitted by latent ${model.latent} on ${model.created}${merges ? `; ${merges}` : ''}`;
  return reportPage(`The model ${s.path}`, html`${topics.length} ${names.factor}s, ${fitted}`, body, record);
}

function document(s: Shown, o: ShowOptions): string {
  const { model, topics, scores, merges } = s;
  if (o.format === 'text')
    return (
      (merges ? `${merges}\n\n` : '') +
      (model.kind === 'text'
        ? topicsText(topics, scores?.summary, topicTextOptions(o))
        : topicsText(topics, undefined, topicTextOptions(o)).replace(/^Topic /gm, 'Component '))
    );
  if (o.format === 'json')
    return (
      JSON.stringify(
        {
          command: 'show',
          model: s.path,
          kind: model.kind,
          rows: model.streamed?.rows ?? model.W.rows,
          columns: model.H.cols,
          ...runOf(model),
          merges: model.merges,
          coherence: scores?.summary,
          [model.kind === 'text' ? 'topics' : 'components']: topics,
        },
        null,
        2,
      ) + '\n'
    );
  return formatTable(
    model.kind === 'text' ? topicsTable(topics) : topicsTable(topics, { factor: 'component', item: 'column' }),
    o.format,
  );
}

export async function showJob(o: ShowOptions): Promise<JobResult> {
  if (o.file !== undefined && o.model !== undefined && o.file !== o.model)
    throw usageError(`show reads one model: ${o.file} or --model ${o.model}`);
  const path = o.model ?? o.file;
  if (path === undefined) throw usageError('name the model file: latent show FILE (or --model FILE)');
  const model = await readModel(path);
  let topics: Topic[] = topicsOf(model.W, model.H, columnsOf(model), o.top);
  // the saved scores are over the top words the fit showed; for another --top they would be wrong
  const scores = model.coherence && model.coherence.summary.top === o.top ? model.coherence : undefined;
  if (scores) topics = withCoherence(topics, scores.topics);
  const shown: Shown = { path, model, topics, scores, merges: mergesLine(model.merges) };
  const files = o.report ? [{ path: o.report, content: await report(shown) }] : null;
  return { files, document: document(shown, o) };
}
