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

/**
 * Control characters no text input may hold: C0 controls other than tab, line feed and carriage
 * return (NUL, ESC …), DEL, and the C1 controls. PostgreSQL cannot store NUL, and ESC starts a
 * terminal escape sequence.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const FORBIDDEN_CONTROLS = new RegExp(FORBIDDEN_CONTROL.source, 'g');
/** Every control character, line breaks and tabs included. */
// eslint-disable-next-line no-control-regex -- as above
const ANY_CONTROLS = /[\u0000-\u001F\u007F-\u009F]/g;
/**
 * Invisible characters dropped from text input: the bidirectional embeddings, overrides, isolates
 * and marks (U+202E turns "exe.pdf" around), and the zero-width characters and BOM.
 */
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

/** The first control character a text input may not hold, as "U+001B"; null when there is none. */
export function forbiddenControl(text: string): string | null {
  const m = FORBIDDEN_CONTROL.exec(text);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/** The text without bidirectional-override and zero-width characters. */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** Text for one line of a log, an audit summary or a header: controls (line breaks too) become spaces, invisible characters go. */
export function oneLine(text: string): string {
  return stripInvisible(text).replace(ANY_CONTROLS, ' ');
}

/** Text read from a file (a document's text): forbidden controls and invisible characters go, line breaks and tabs stay. */
export function cleanText(text: string): string {
  return stripInvisible(text).replace(FORBIDDEN_CONTROLS, '');
}

/** An uploaded file's name as stored and sent back: no path separators, controls or invisible characters, at most 200 characters. */
export function safeFileName(name: string): string {
  const chars = [...stripInvisible(name).replace(ANY_CONTROLS, '_').replace(/[/\\]/g, '_')];
  return chars.slice(-200).join('') || 'file';
}
