// A JSON document with one large array in it, written in pieces: the fields before the array, the
// array's items as they come, then the fields after it. The bytes are JSON.stringify(whole, null, 2)'s
// for the object with its fields in that order, and the array is never held: a table of millions of
// rows streams out as its rows are made.

export interface JsonPieces {
  /** Items of the array, in order; the first call also gives the fields before it. */
  items(items: readonly unknown[]): string;
  /** The array's end and the fields after it (the opening too when no item came). */
  end(after: object): string;
}

/** `before`'s fields, then `key`: the array, then what end() is given. */
export function jsonPieces(before: object, key: string): JsonPieces {
  let opened = false,
    any = false;
  const open = () => {
    if (opened) return '';
    opened = true;
    const head = JSON.stringify(before, null, 2);
    return `${head === '{}' ? '{' : `${head.slice(0, -2)},`}\n  ${JSON.stringify(key)}: [`;
  };
  return {
    items(items) {
      let text = open();
      // an item's lines indented twice, inside the array inside the object
      for (const item of items) {
        text += `${any ? ',' : ''}\n    ${JSON.stringify(item, null, 2).replace(/\n/g, '\n    ')}`;
        any = true;
      }
      return text;
    },
    end(after) {
      const tail = JSON.stringify(after, null, 2);
      return `${open()}${any ? '\n  ]' : ']'}${tail === '{}' ? '' : `,\n${tail.slice(2, -2)}`}\n}\n`;
    },
  };
}
