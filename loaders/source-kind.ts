// Which loader a source needs, for commands that take any of them (rank): a matrix file by its name, a
// folder of images by its files' extensions, and text otherwise.
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { dataError } from '../core/index.js';
import { detectFormat } from './matrix/index.js';
import { formatExtension } from './open-input.js';
import { listFiles } from './walk.js';

export type SourceKind = 'text' | 'images' | 'matrix';
export const SOURCE_KINDS: readonly SourceKind[] = ['text', 'images', 'matrix'];

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.tif', '.tiff', '.avif', '.bmp', '.svg']);

/** How many of a folder's files are looked at to decide. */
const SAMPLE = 20;

/** The kind of a source: '-' (stdin), a text table or JSONL file (`textFlag`: --text-column or
 *  --text-field given) and a .txt file (a document per line) are text; another file whose name a matrix
 *  format claims is a matrix (a `.gz` aside); a folder is images when most of its first files are images. */
export async function sourceKind(source: string, textFlag?: string): Promise<SourceKind> {
  if (source === '-' || source === '' || textFlag !== undefined) return 'text';
  const info = await stat(source).catch(() => null);
  if (!info) throw dataError(`${source}: no such file or folder`);
  if (info.isFile()) {
    if (formatExtension(source) === '.txt') return 'text';
    try {
      detectFormat(source);
      return 'matrix';
    } catch {
      return 'text';
    }
  }
  const files = (await listFiles(source)).slice(0, SAMPLE);
  const images = files.filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase())).length;
  return files.length > 0 && images * 2 > files.length ? 'images' : 'text';
}
