// How many bytes a file holds as it is read (decompressed), for the checks that weigh a header's claims
// against the file (budget.ts) and for sizing buffers before reading. A plain file: its size. A gzip file
// cannot say exactly without inflating it all, so two numbers: at most 1032 times its size (deflate's
// largest ratio), which no honest claim exceeds, and as a guess the size its trailer records (ISIZE: the
// last member's size modulo 2³², raised by 4 GiB steps to what deflate's stored blocks bound it below by:
// no file inflates to fewer bytes than its compressed size less a header, the trailer and 5 bytes per
// 64 KiB block; a tiny file, larger compressed than plain, is never raised).
import { open } from 'node:fs/promises';
import { isGzip } from './sniff.js';

const DEFLATE_MAX_RATIO = 1032;

export interface ContentSize {
  /** a best guess */ estimate: number;
  /** a bound no honest file passes */ atMost: number;
}

/** The fewest bytes a gzip file of `size` bytes can inflate to: its size less a generous header (a file
 *  name and comment), the 8-byte trailer and each stored block's 5 bytes of framing. */
const leastContent = (size: number) => size - 1024 - 8 - 5 * Math.ceil(size / 65535);

export async function contentSize(path: string): Promise<ContentSize> {
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    const head = Buffer.alloc(2),
      tail = Buffer.alloc(4);
    await file.read(head, 0, 2, 0);
    if (size < 18 || !isGzip(head)) return { estimate: size, atMost: size };
    await file.read(tail, 0, 4, size - 4);
    let estimate = tail.readUInt32LE(0);
    while (estimate < leastContent(size)) estimate += 2 ** 32;
    return { estimate, atMost: size * DEFLATE_MAX_RATIO };
  } finally {
    await file.close();
  }
}
