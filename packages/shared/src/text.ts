import * as OpenCC from 'opencc-js';

let toSimplified: ((s: string) => string) | undefined;

/**
 * The form of a text used for search and matching only: Traditional → Simplified,
 * full-width ASCII → half-width, lower case, collapsed white space. Stored text keeps what the user wrote.
 */
export function searchKey(text: string): string {
  toSimplified ??= OpenCC.Converter({ from: 'hk', to: 'cn' });
  const halfWidth = text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
  return toSimplified(halfWidth).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Escapes % _ and \ for use inside a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
