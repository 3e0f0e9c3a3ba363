// Markup is not text: HTML tags, the bodies of <script> and <style>, comments, character entities, the
// header lines of MIME parts and the quoted-printable soft breaks of mail bodies (informa=\ntion,
// size=3D"2"). Left in, they become the commonest "words" of any corpus of mails or web pages (font, td,
// nbsp, br, charset) and fill whole topics.

/** A real HTML element's tag, a comment or a doctype; an entity; a quoted-printable `=3D`. Plain text that
 *  merely uses < and > (x < y > z) has none of these, so `auto` leaves it alone. */
const TAG = new RegExp(
  String.raw`<\/?(?:html|head|body|div|span|p|br|hr|font|table|tbody|thead|tr|td|th|a|img|b|i|u|em|strong|` +
    String.raw`center|ul|ol|li|style|script|meta|link|title|h[1-6]|blockquote|pre|form|input|o:p)\b[^<>]*>|` +
    String.raw`<!--|<!doctype`,
  'i',
);
const ENTITY = /&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/i;
const QUOTED_PRINTABLE = /=3D|=20\r?\n|=\r?\n/;
/** The header lines and boundaries of a MIME part inside a mail body (Content-Type: text/plain; …). */
const MIME_HEADER = /^(?:content-[a-z-]+|mime-version):[^\n]*(?:\n[ \t][^\n]*)*$/gim;
const MIME_BOUNDARY = /^--[^\s]{6,}$/gm;

export function looksLikeMarkup(text: string): boolean {
  return TAG.test(text) || ENTITY.test(text) || QUOTED_PRINTABLE.test(text) || /^content-type:/im.test(text);
}

const NAMED: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  rsquo: "'",
  lsquo: "'",
  ldquo: '"',
  rdquo: '"',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  copy: '©',
  reg: '®',
  trade: '™',
  eacute: 'é',
  egrave: 'è',
  agrave: 'à',
  ccedil: 'ç',
  uuml: 'ü',
  ouml: 'ö',
  auml: 'ä',
  szlig: 'ß',
  ntilde: 'ñ',
};

const codePoint = (n: number) =>
  n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : ' ';

function decodeEntity(entity: string): string {
  const name = entity.slice(1, -1);
  if (name[0] === '#')
    return codePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
  return NAMED[name.toLowerCase()] ?? ' ';
}

/** Cut <script>…</script> and <style>…</style> (an unclosed one runs to the end), in one linear pass. */
function dropBlocks(text: string): string {
  const open = /<(script|style)\b/gi;
  let out = '',
    from = 0,
    m: RegExpExecArray | null;
  while ((m = open.exec(text)) !== null) {
    out += text.slice(from, m.index) + ' ';
    const close = new RegExp(`</${m[1]}\\s*>`, 'gi');
    close.lastIndex = open.lastIndex;
    const end = close.exec(text);
    if (!end) return out;
    from = open.lastIndex = close.lastIndex;
  }
  return out + text.slice(from);
}

/** The text with its markup removed as the option says: always, never, or where it has some ('auto'). */
export const withoutMarkup = (text: string, mode: boolean | 'auto'): string =>
  mode === true || (mode === 'auto' && looksLikeMarkup(text)) ? stripMarkup(text) : text;

/** The text of a document with its markup removed: words stay apart where tags separated them. */
export function stripMarkup(text: string): string {
  if (QUOTED_PRINTABLE.test(text)) {
    text = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => {
      const c = parseInt(hex, 16);
      return c < 0x80 ? String.fromCharCode(c) : ' ';
    });
  }
  return dropBlocks(text)
    .replace(MIME_HEADER, ' ')
    .replace(MIME_BOUNDARY, ' ')
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(/<[!/]?[a-zA-Z][^<>]*>/g, ' ')
    .replace(/&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi, decodeEntity);
}

/** Web and mail addresses: their pieces (http, www, com, net) are the commonest words of any mail corpus
 *  and say nothing of what a document is about. */
// (the lookbehind starts a mail address only where a run of its characters starts: without it a long
// run with no @ in it, a base64 line, costs time quadratic in its length)
const ADDRESS = /\b(?:https?|ftp):\/\/[^\s<>"']*|\bwww\.[^\s<>"']*|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi;

/** What every address holds (its first two forms "://" or "www.", the third "@"): a text with none of
 *  them is returned as it is, without the address pattern's try at every position (1.1 s of 5 s of
 *  counting 300,000 documents). */
const ADDRESS_MARK = /@|:\/\/|www\./i;

export const stripAddresses = (text: string): string => (ADDRESS_MARK.test(text) ? text.replace(ADDRESS, ' ') : text);
