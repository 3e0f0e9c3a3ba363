// The Chinese and Japanese corpora in fixtures/unspaced/, from Vim's tutor as Debian's vim-runtime
// package ships it (Vim licence): one paragraph a line, the frames of ~ and = left out.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TUTORS = '/usr/share/vim/vim90/tutor';
const LANGUAGES = { zh: 'tutor.zh_cn.utf-8', ja: 'tutor.ja.utf-8' } as const;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;

/** Lines of a paragraph joined: with nothing between two CJK characters (the tutor wraps its lines inside
 *  words), with a space otherwise. */
const joinLines = (lines: string[]) =>
  lines.reduce((s, l) => (s === '' ? l : CJK.test(s.at(-1)!) && CJK.test(l[0]) ? s + l : `${s} ${l}`), '');

/** The tutor's paragraphs (blank-line separated), each on one line with its runs of spaces made one. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) =>
      joinLines(
        p
          .split('\n')
          .filter((l) => !/^[~=\s]*$/.test(l))
          .map((l) => l.trim()),
      )
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((p) => p.length > 0);
}

/** Writes fixtures/unspaced/zh.txt and ja.txt when vim-runtime is installed; says which it wrote. */
export function writeUnspaced(root: string): string[] {
  if (!existsSync(TUTORS)) return [];
  mkdirSync(join(root, 'unspaced'), { recursive: true });
  return Object.entries(LANGUAGES).map(([language, file]) => {
    const out = join(root, 'unspaced', `${language}.txt`);
    writeFileSync(out, paragraphs(readFileSync(join(TUTORS, file), 'utf8')).join('\n') + '\n');
    return out;
  });
}
