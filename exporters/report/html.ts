// HTML with escaping in one place: `html` is a tagged template whose interpolated values are escaped
// unless they are already Html (made by `html` itself or, for markup latent builds, `trusted`). A
// document id or a word that holds `<script>` therefore shows as text, whatever path it takes.

/** Markup that is safe to put in a page as it is. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an element's content or a quoted attribute value. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]);

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function render(v: Value): string {
  if (v instanceof Html) return v.text;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(String(v));
}

/** html`<p>${text}</p>`: every value escaped, Html kept, arrays joined, null/undefined/false left out. */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0];
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1];
  });
  return new Html(out);
}

/** Markup latent made itself (an SVG chart, a stylesheet): never anything read from the input. */
export const trusted = (markup: string): Html => new Html(markup);

/** A number for people: 3 significant digits, or — when there is none. */
export const num = (v: number | null | undefined, digits = 3): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : Number(v.toPrecision(digits)).toString();

/** A share as a percentage with one decimal. */
export const percent = (v: number): string => `${(100 * v).toFixed(1)} %`;
