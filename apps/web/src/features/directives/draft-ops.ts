import type { DraftItem } from './directives.api.ts';

/** Pure edits of the draft tree: merge, split, move, and the grouping by heading path. */

const SENTENCE_END = /[。;；!！?？]/;

/** Positions just after each sentence end (。；！？) inside the text, excluding its very end: where it may be split. */
export function splitPoints(text: string): number[] {
  const points: number[] = [];
  for (let i = 0; i < text.length - 1; i++) {
    if (!SENTENCE_END.test(text[i]!)) continue;
    // Keep a closing quote or bracket with its sentence.
    let end = i + 1;
    while (end < text.length && /[”’」』)）]/.test(text[end]!)) end++;
    if (end < text.length && text.slice(end).trim()) points.push(end);
  }
  return [...new Set(points)];
}

/** A short title for a piece of text: its first clause, without a leading list marker, at most 40 characters. */
export function titleOf(text: string): string {
  const stripped = text
    .trim()
    .replace(/^(?:[一二三四五六七八九十]+[、是要]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[①-⑳])\s*/, '');
  const first = stripped.split(/[，,。;；:：!！?？]/)[0]?.trim() || stripped;
  return first.length > 40 ? `${first.slice(0, 40)}…` : first;
}

let counter = 0;
/** A new item key, unique within the page (and short: the server takes at most 64 characters). */
export function newKey(): string {
  counter += 1;
  return `s${Date.now().toString(36)}${counter}`;
}

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];
const samePath = (a: DraftItem, b: DraftItem) => a.headingPath.join('\u0001') === b.headingPath.join('\u0001');

/** Merges the item at `index` with the one after it: texts joined, units united, the span covering both clauses. */
export function mergeWithNext(items: DraftItem[], index: number): DraftItem[] {
  const a = items[index];
  const b = items[index + 1];
  if (!a || !b) return items;
  let offset = a.offset;
  let length = a.length;
  if (a.offset !== null && b.offset !== null) {
    offset = Math.min(a.offset, b.offset);
    length = Math.max(a.offset + a.length, b.offset + b.length) - offset;
  } else if (a.offset === null) {
    offset = b.offset;
    length = b.length;
  }
  const merged: DraftItem = {
    ...a,
    content: [a.content, b.content].filter(Boolean).join('\n'),
    clause: [a.clause, b.clause].filter(Boolean).join(''),
    offset,
    length,
    leadUnitIds: union(a.leadUnitIds, b.leadUnitIds),
    coUnitIds: union(a.coUnitIds, b.coUnitIds).filter((id) => !a.leadUnitIds.includes(id) && !b.leadUnitIds.includes(id)),
    leadUnitNames: union(a.leadUnitNames, b.leadUnitNames),
    coUnitNames: union(a.coUnitNames, b.coUnitNames),
    deadline: a.deadline ?? b.deadline,
    deadlineText: a.deadlineText ?? b.deadlineText,
    category: a.category ?? b.category,
    include: a.include || b.include,
  };
  return [...items.slice(0, index), merged, ...items.slice(index + 2)];
}

/** Where a piece of an item's clause sits in the body (searched inside the item's span), with that piece as its clause. */
function spanOf(body: string, item: DraftItem, piece: string): Pick<DraftItem, 'clause' | 'offset' | 'length'> {
  const text = piece.trim();
  const at = item.offset === null || !item.clause.includes(text) ? -1 : body.indexOf(text, item.offset);
  if (at < 0 || at + text.length > item.offset! + item.length) return { clause: item.clause, offset: item.offset, length: item.length };
  return { clause: text, offset: at, length: text.length };
}

/** Splits the item at `index` into two at a position of its content (one of splitPoints); `body` places each half's clause. */
export function splitItem(items: DraftItem[], index: number, at: number, body: string): DraftItem[] {
  const item = items[index];
  if (!item || at <= 0 || at >= item.content.length) return items;
  const head = item.content.slice(0, at).trim();
  const tail = item.content.slice(at).trim();
  const first: DraftItem = { ...item, content: head, ...spanOf(body, item, head) };
  const second: DraftItem = { ...item, key: newKey(), title: titleOf(tail), content: tail, ...spanOf(body, item, tail) };
  return [...items.slice(0, index), first, second, ...items.slice(index + 1)];
}

/**
 * Moves an item one place up or down. Within its heading group it swaps with its neighbour; at the
 * edge of the group it joins the neighbouring group (last of the one above, first of the one below).
 */
export function moveItem(items: DraftItem[], index: number, direction: -1 | 1): DraftItem[] {
  const item = items[index];
  const neighbour = items[index + direction];
  if (!item || !neighbour) return items;
  const next = [...items];
  if (!samePath(item, neighbour)) {
    next[index] = { ...item, headingPath: neighbour.headingPath };
    return next;
  }
  next[index] = neighbour;
  next[index + direction] = item;
  return next;
}

/** A node of the draft tree: a heading with what sits below it, or an item with its index in the flat list. */
export type TreeNode = { type: 'group'; key: string; heading: string; depth: number; children: TreeNode[] } | { type: 'item'; key: string; index: number; item: DraftItem; depth: number };

/** Groups the flat draft by heading path, groups in order of first appearance. */
export function draftTree(items: DraftItem[]): TreeNode[] {
  const roots: TreeNode[] = [];
  const groups = new Map<string, Extract<TreeNode, { type: 'group' }>>();
  items.forEach((item, index) => {
    let siblings = roots;
    let path = '';
    item.headingPath.forEach((heading, depth) => {
      path += `\u0001${heading}`;
      let group = groups.get(path);
      if (!group) {
        group = { type: 'group', key: `g${path}`, heading, depth, children: [] };
        groups.set(path, group);
        siblings.push(group);
      }
      siblings = group.children;
    });
    siblings.push({ type: 'item', key: item.key, index, item, depth: item.headingPath.length });
  });
  return roots;
}

/** The index of the draft item a `items[3].leadUnitIds` / `items.3.deadline` field names, or -1. */
export function itemIndexOfField(field: string): number {
  const match = /^items(?:\[(\d+)\]|\.(\d+))/.exec(field);
  return match ? Number(match[1] ?? match[2]) : -1;
}

/**
 * The stretches of the body an item's clause covers: its span, or — for merged items whose clauses
 * lie apart — each sentence of the clause found in order inside the span, so the text between them
 * (a heading, a dropped sentence) is not highlighted.
 */
export function clauseRanges(body: string, item: Pick<DraftItem, 'clause' | 'offset' | 'length'>): [number, number][] {
  if (item.offset === null || item.length <= 0) return [];
  const start = item.offset;
  const end = Math.min(body.length, start + item.length);
  if (!item.clause || body.slice(start, end) === item.clause) return [[start, end]];
  const cuts = [0, ...splitPoints(item.clause), item.clause.length];
  const ranges: [number, number][] = [];
  let cursor = start;
  for (let n = 0; n < cuts.length - 1; n++) {
    const piece = item.clause.slice(cuts[n], cuts[n + 1]).trim();
    if (!piece) continue;
    const at = body.indexOf(piece, cursor);
    if (at < 0 || at + piece.length > end) return [[start, end]];
    const last = ranges[ranges.length - 1];
    if (last && body.slice(last[1], at).trim() === '') last[1] = at + piece.length;
    else ranges.push([at, at + piece.length]);
    cursor = at + piece.length;
  }
  return ranges.length ? ranges : [[start, end]];
}

/** A change made to every selected item at once. */
export type BatchChange =
  | { kind: 'include'; include: boolean }
  | { kind: 'lead'; unitIds: string[] }
  | { kind: 'co'; unitIds: string[] }
  | { kind: 'deadline'; deadline: string | null }
  | { kind: 'category'; category: string | null };

/**
 * Applies one change to the items whose keys are selected, leaving the others as they are. Lead
 * units replace the item's lead (and leave its co-units); co-units replace the co-units, never
 * naming an item's own lead; a deadline date replaces 长期坚持.
 */
export function applyBatch(items: DraftItem[], selected: ReadonlySet<string>, change: BatchChange): DraftItem[] {
  if (selected.size === 0) return items;
  return items.map((item) => {
    if (!selected.has(item.key)) return item;
    switch (change.kind) {
      case 'include':
        return { ...item, include: change.include };
      case 'lead':
        return { ...item, leadUnitIds: [...new Set(change.unitIds)], coUnitIds: item.coUnitIds.filter((id) => !change.unitIds.includes(id)) };
      case 'co':
        return { ...item, coUnitIds: [...new Set(change.unitIds)].filter((id) => !item.leadUnitIds.includes(id)) };
      case 'deadline':
        // A date ends 长期坚持, as it does in the item's own editor.
        return { ...item, deadline: change.deadline, ...(change.deadline ? { longTerm: false } : {}) };
      case 'category':
        return { ...item, category: change.category };
    }
  });
}

/** Selection helpers: every key, none, or the keys not selected now (in draft order). */
export const selectAll = (items: DraftItem[]): Set<string> => new Set(items.map((i) => i.key));
export const invertSelection = (items: DraftItem[], selected: ReadonlySet<string>): Set<string> => new Set(items.filter((i) => !selected.has(i.key)).map((i) => i.key));
/** The selection kept to keys still in the draft (after a merge, split or reload). */
export const pruneSelection = (items: DraftItem[], selected: ReadonlySet<string>): Set<string> => new Set(items.filter((i) => selected.has(i.key)).map((i) => i.key));
