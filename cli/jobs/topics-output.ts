// What the topics job makes of a fit in memory: the files asked for (groups, document-topic table,
// topic-word matrix, pyLDAvis input, model, report) and the document for stdout.
import type { Fit } from '../../core/index.js';
import type { GroupTable } from '../../evaluate/index.js';
import type { Topic } from '../../exporters/index.js';
import {
  coefficientRows,
  coherence,
  formatTable,
  groupsSection,
  groupsTable,
  groupsText,
  html,
  matrixFormatOf,
  pyLdavisInput,
  reportPage,
  tableChunks,
  TOPIC_WORDS,
  topicLabels,
  topicsBody,
  topicsTable,
  topicsText,
  topicWordMatrix,
} from '../../exporters/index.js';
import type { Dataset, TextColumns } from '../../loaders/index.js';
import { topicTextOptions } from '../options.js';
import { tableFormatOf } from '../table-format.js';
import { runRecord, runSummary, saveModel } from '../training.js';
import type { JobFile } from './job.js';
import { JobFiles, later } from './job.js';
import type { TopicsOptions } from './topics.js';

/** A fit of a corpus in memory with what was measured of it. */
export interface Found {
  data: Dataset;
  columns: TextColumns;
  fit: Fit;
  topics: Topic[];
  scores: ReturnType<typeof coherence> | undefined;
  groups: GroupTable[] | null;
}

async function report(f: Found, o: TopicsOptions): Promise<string> {
  const { data, columns, fit, topics, scores, groups } = f;
  const summary = `${topics.length} topics of ${data.X.rows} documents over ${columns.terms.length} terms`;
  const labels = topics.map((t) =>
    t.words
      .slice(0, 3)
      .map((w) => w.word)
      .join(' '),
  );
  const words = topicsBody(topics, fit.H, TOPIC_WORDS, scores?.summary, columns.terms);
  const body = html`${words}${groups ? groupsSection(groups, labels) : ''}`;
  return reportPage(`Topics of ${o.source || 'stdin'}`, html`${summary}`, body, runRecord(fit, data));
}

export async function topicsFiles(f: Found, o: TopicsOptions): Promise<JobFile[]> {
  const { data, columns, fit, groups } = f;
  const files = new JobFiles();
  if (groups && o.groups) await files.write(o.groups, tableChunks(groupsTable(groups), tableFormatOf(o.groups)));
  if (o.docTopics) {
    const table = () => coefficientRows(fit.W, fit.H, data.rows, 'text', o.raw, topicLabels(fit.H, columns.terms));
    await files.write(
      o.docTopics,
      later(() => tableChunks(table(), tableFormatOf(o.docTopics!))),
    );
  }
  if (o.topicWords) {
    const path = o.topicWords;
    await files.write(
      path,
      later(() => topicWordMatrix(fit.H, columns.terms, matrixFormatOf(path))),
    );
  }
  if (o.pyldavis)
    await files.write(
      o.pyldavis,
      later(() => JSON.stringify(pyLdavisInput(fit.W, fit.H, columns.terms, columns.tokens!)) + '\n'),
    );
  await saveModel(files, o.model, fit, data, f.scores);
  if (o.report)
    await files.write(
      o.report,
      later(() => report(f, o)),
    );
  return files.list;
}

export function topicsDocument(f: Found, o: TopicsOptions): string {
  const { topics, scores, groups } = f;
  const inline = groups && !o.groups ? groups : undefined;
  if (o.format === 'text')
    return topicsText(topics, scores?.summary, topicTextOptions(o)) + (inline ? `\n${groupsText(inline)}` : '');
  if (o.format === 'json')
    return (
      JSON.stringify(
        {
          command: 'topics',
          documents: f.data.X.rows,
          terms: f.columns.terms.length,
          ...runSummary(f.fit),
          coherence: scores?.summary,
          topics,
          groups: inline,
        },
        null,
        2,
      ) + '\n'
    );
  return formatTable(topicsTable(topics), o.format);
}
