// What a file's first bytes say it is, before a byte of it is read as text: gzip (decompressed on the
// way in), or binary (refused, or passed over in a folder). Text never holds a NUL byte; the signatures
// below name what a user most often hands over by mistake, so the message can say what the file is.

/** How many leading bytes are looked at (after decompression): as git and grep do, 8 KiB. */
export const SNIFF_BYTES = 8192;

/** gzip's two magic bytes (RFC 1952). */
export const isGzip = (head: Uint8Array): boolean => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

const SIGNATURES: readonly (readonly [bytes: readonly number[], what: string])[] = [
  [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46, 0x2d], 'a PDF document: extract its text first (pdftotext)'],
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive (or a .docx/.xlsx, which are zips): unpack it and give the folder'],
  [[0x50, 0x41, 0x52, 0x31], 'a Parquet file: name it .parquet or give --input-format parquet'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'zstd-compressed: decompress it first (zstd -d), or use gzip'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz-compressed: decompress it first (xz -d), or use gzip'],
  [[0x42, 0x5a, 0x68], 'bzip2-compressed: decompress it first (bunzip2), or use gzip'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'a 7-Zip archive: unpack it first'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an executable (ELF)'],
  [[0x1f, 0x8b], 'gzip inside gzip: decompress it once yourself'],
];

/** Why bytes starting with `head` are not text, or null when they may be: a known binary signature, a
 *  UTF-16 byte-order mark, or a NUL byte. */
export function binaryKind(head: Uint8Array): string | null {
  for (const [bytes, what] of SIGNATURES) {
    // bzip2's "BZh" is also how a text may start: take it only with its block size digit and block magic
    if (
      bytes.length <= head.length &&
      bytes.every((b, i) => head[i] === b) &&
      (bytes[0] !== 0x42 || (head[3] >= 0x31 && head[3] <= 0x39 && head[4] === 0x31 && head[5] === 0x41))
    )
      return what;
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))
    return 'UTF-16 text: convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)';
  return head.subarray(0, SNIFF_BYTES).includes(0) ? 'it has NUL bytes' : null;
}
