// Elements whose whole content is page chrome or code, not document text.
const DROP = new Set(['script', 'style', 'nav', 'header', 'footer', 'aside', 'noscript', 'template', 'svg', 'head', 'iframe', 'select', 'button', 'textarea', 'object', 'canvas', 'form', 'menu']);
const BLOCK = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'tr', 'table', 'tbody', 'thead', 'tfoot', 'section', 'article', 'main',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'hr', 'title', 'address', 'figure', 'figcaption', 'caption', 'center', 'body', 'html',
]);
const CELL = new Set(['td', 'th']);

const ENTITIES: Record<string, string> = {
  nbsp: '\u00a0', lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’',
  mdash: '—', ndash: '–', hellip: '…', middot: '·', times: '×', divide: '÷', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009',
  copy: '©', reg: '®', trade: '™', laquo: '«', raquo: '»', bull: '•', deg: '°', plusmn: '±', permil: '‰', yen: '¥', shy: '',
  zwsp: '', zwj: '', zwnj: '', lsaquo: '‹', rsaquo: '›', sect: '§', para: '¶', rarr: '→', larr: '←', hyphen: '‐',
};

/** Decodes HTML character references (&amp; &#12354; &#x4e00; and common named ones). */
export function decodeEntities(text: string): string {
  if (text.indexOf('&') < 0) return text;
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/g, (whole, body: string) => {
    if (body.charCodeAt(0) === 35) {
      const hex = body.charCodeAt(1) === 120 || body.charCodeAt(1) === 88;
      const cp = parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
      if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '';
      return String.fromCodePoint(cp);
    }
    const named = ENTITIES[body.toLowerCase()];
    return named ?? whole;
  });
}

function tagNameAt(lower: string, i: number): string {
  let j = i;
  while (j < lower.length && j - i < 20) {
    const c = lower.charCodeAt(j);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) j++;
    else break;
  }
  return lower.slice(i, j);
}

// Finds the end of a dropped element, counting nested elements of the same name.
function skipElement(lower: string, name: string, from: number): number {
  let depth = 1;
  let i = from;
  const open = '<' + name;
  const close = '</' + name;
  // Both cursors only move forward, so nesting costs linear time.
  let o = lower.indexOf(open, from);
  while (depth > 0) {
    const c = lower.indexOf(close, i);
    if (c < 0) return lower.length;
    while (o >= 0 && o < c) {
      const next = lower.charCodeAt(o + open.length);
      // `<header` must not count as `<head`.
      if (!((next >= 97 && next <= 122) || (next >= 48 && next <= 57))) depth++;
      o = lower.indexOf(open, o + open.length);
    }
    depth--;
    const gt = lower.indexOf('>', c);
    i = gt < 0 ? lower.length : gt + 1;
    if (o >= 0 && o < i) o = lower.indexOf(open, i);
  }
  return i;
}

function trimTabsAndSpaces(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s.charCodeAt(a) === 32 || s.charCodeAt(a) === 9)) a++;
  while (b > a && (s.charCodeAt(b - 1) === 32 || s.charCodeAt(b - 1) === 9)) b--;
  return s.slice(a, b);
}

/**
 * Strips markup and keeps block structure as line breaks (table cells become tabs), decodes entities,
 * and drops script/style/nav/header/footer/aside and similar chrome. Linear in the input.
 */
export function htmlToText(html: string): string {
  const lower = html.toLowerCase();
  const out: string[] = [];
  let cellDepth = 0;
  let i = 0;
  let nextGt = 0;
  let nextCommentEnd = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      out.push(html.slice(i));
      break;
    }
    if (lt > i) out.push(html.slice(i, lt));
    if (lower.startsWith('<!--', lt)) {
      if (nextCommentEnd !== -1 && nextCommentEnd < lt + 4) nextCommentEnd = html.indexOf('-->', lt + 4);
      const end = nextCommentEnd;
      i = end < 0 ? n : end + 3;
      continue;
    }
    const c1 = lower.charCodeAt(lt + 1);
    const closing = c1 === 47; // '/'
    const nameStart = closing ? lt + 2 : lt + 1;
    const name = tagNameAt(lower, nameStart);
    if (name === '' && c1 !== 33 && c1 !== 63) {
      // A bare '<' in text (e.g. "a < b") is text, not a tag.
      out.push('<');
      i = lt + 1;
      continue;
    }
    // Cached: with many '<' and no '>' a fresh search per tag would be quadratic.
    if (nextGt !== -1 && nextGt <= lt) nextGt = html.indexOf('>', lt + 1);
    const gt = nextGt;
    const tagEnd = gt < 0 ? n : gt + 1;
    if (!closing && DROP.has(name)) {
      const selfClosing = gt > 0 && html.charCodeAt(gt - 1) === 47;
      i = selfClosing ? tagEnd : skipElement(lower, name, tagEnd);
      out.push('\n');
      continue;
    }
    if (CELL.has(name)) {
      cellDepth += closing ? -1 : 1;
      if (cellDepth < 0) cellDepth = 0;
      out.push(closing ? '' : '\t');
    } else if (name === 'tr') {
      cellDepth = 0;
      // One break per row; </tr><tr> must not leave a blank line inside a table.
      if (!closing) out.push('\n');
    } else if (BLOCK.has(name)) {
      // Paragraphs inside a table cell must not break the row.
      out.push(cellDepth > 0 ? ' ' : '\n');
    }
    i = tagEnd;
  }
  const raw = out.join('');
  const lines = raw.split('\n');
  const kept: string[] = [];
  let blank = false;
  for (const line of lines) {
    // HTML collapses runs of ASCII whitespace; NBSP and ideographic spaces are content.
    let s = line.replace(/[ \r\f\v]+/g, ' ');
    s = decodeEntities(s);
    s = trimTabsAndSpaces(s.replace(/ *\t */g, '\t'));
    if (s.length === 0) {
      blank = kept.length > 0;
      continue;
    }
    if (blank) kept.push('');
    blank = false;
    kept.push(s);
  }
  return kept.join('\n');
}
