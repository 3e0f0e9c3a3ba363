// Topics per class and per period as tables (CSV, TSV, JSON) and as text to read.
import type { GroupTable } from '../evaluate/index.js';
import type { Table } from './tables.js';

/** One row per (group, topic): which column it groups by, the group, the topic, its documents, shares and
 *  the group's words for it (space-separated, heaviest first). */
export function groupsTable(tables: readonly GroupTable[]): Table {
  return {
    columns: ['by', 'column', 'group', 'group_documents', 'topic', 'documents', 'share', 'share_in_group', 'words'],
    rows: tables.flatMap((t) =>
      t.groups.flatMap((g) =>
        g.topics.map((p) => [
          t.by,
          t.column,
          g.name,
          g.documents,
          p.topic,
          p.documents,
          p.share,
          p.shareInGroup,
          p.words.map((w) => w.word).join(' '),
        ]),
      ),
    ),
  };
}

const percent = (v: number) => `${(100 * v).toFixed(1)}%`;

/** For reading: per group, its topics by their share in it, each with the group's words for it. Topics
 *  below 1% of a group are left out of the text (the tables hold them all). */
export function groupsText(tables: readonly GroupTable[], top = 6): string {
  return tables
    .map((t) => {
      const head =
        `${t.by === 'class' ? 'Classes' : 'Periods'} of "${t.column}": ${t.groups.length}; a topic's ` +
        `share of the group, then of the whole corpus\n`;
      const blocks = t.groups.map((g) => {
        const lines = [...g.topics]
          .sort((a, b) => b.shareInGroup - a.shareInGroup || a.topic - b.topic)
          .filter((p) => p.shareInGroup >= 0.01)
          .map(
            (p) =>
              `  Topic ${String(p.topic).padEnd(3)} ${percent(p.shareInGroup).padStart(6)} ` +
              `${percent(p.share).padStart(6)}  ${
                p.words
                  .slice(0, top)
                  .map((w) => w.word)
                  .join(', ') || '(no words)'
              }`,
          );
        return (
          `${g.name}  ${g.documents} document${g.documents === 1 ? '' : 's'}\n` +
          `${lines.join('\n') || '  (no topic weight)'}\n`
        );
      });
      return `${head}\n${blocks.join('\n')}`;
    })
    .join('\n');
}
