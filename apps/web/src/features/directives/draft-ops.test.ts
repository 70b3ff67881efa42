import type { DraftItem } from '@luoshi/shared';
import { describe, expect, it } from 'vitest';
import { applyBatch, clauseRanges, draftTree, invertSelection, itemIndexOfField, mergeWithNext, moveItem, pruneSelection, selectAll, splitItem, splitPoints, titleOf } from './draft-ops.ts';

const BODY = '一、抓好项目开工\n市发改委要牵头建立项目清单。东城区要在6月底前完成首批开工。\n二、强化要素保障\n市自然资源局要加快用地审批。';

/** A draft item whose clause is found in BODY. */
function item(key: string, clause: string, headingPath: string[], extra: Partial<DraftItem> = {}): DraftItem {
  const offset = BODY.indexOf(clause);
  if (offset < 0) throw new Error(`not in body: ${clause}`);
  return { key, title: titleOf(clause), content: clause, clause, offset, length: clause.length, headingPath, leadUnitIds: [], coUnitIds: [], leadUnitNames: [], coUnitNames: [], deadline: null, deadlineText: null, category: null, include: true, ...extra };
}

const A = () => item('a', '市发改委要牵头建立项目清单。', ['抓好项目开工'], { leadUnitIds: ['fgw'], deadline: '2026-06-30' });
const B = () => item('b', '东城区要在6月底前完成首批开工。', ['抓好项目开工'], { leadUnitIds: ['dc'], coUnitIds: ['fgw', 'xc'] });
const C = () => item('c', '市自然资源局要加快用地审批。', ['强化要素保障'], { leadUnitIds: ['zrzy'] });

describe('draft edits', () => {
  it('finds split points after sentence ends, keeping closing quotes with their sentence', () => {
    expect(splitPoints('甲要做。乙要做;丙要做')).toEqual([4, 8]);
    expect(splitPoints('他说“要做。”然后做。')).toEqual([7]);
    expect(splitPoints('只有一句。')).toEqual([]);
  });

  it('titles an item by its first clause without a list marker', () => {
    expect(titleOf('(一)抓好项目开工,确保年底前完成')).toBe('抓好项目开工');
    expect(titleOf('二是加强统筹。')).toBe('加强统筹');
    expect(titleOf('很'.repeat(50)).length).toBe(41);
  });

  it('merges an item with the next: texts joined, units united (a lead is never also a co-unit), span over both', () => {
    const merged = mergeWithNext([A(), B(), C()], 0);
    expect(merged).toHaveLength(2);
    const m = merged[0]!;
    expect(m.key).toBe('a');
    expect(m.clause).toBe('市发改委要牵头建立项目清单。东城区要在6月底前完成首批开工。');
    expect(m.leadUnitIds).toEqual(['fgw', 'dc']);
    expect(m.coUnitIds).toEqual(['xc']);
    expect(m.deadline).toBe('2026-06-30');
    expect(BODY.slice(m.offset!, m.offset! + m.length)).toBe(m.clause);
    expect(mergeWithNext([A()], 0)).toHaveLength(1);
  });

  it('splits an item at a sentence end, each half keeping its own place in the source', () => {
    const merged = mergeWithNext([A(), B()], 0);
    const at = splitPoints(merged[0]!.content)[0]!;
    const [first, second] = splitItem(merged, 0, at, BODY);
    expect(first!.clause).toBe('市发改委要牵头建立项目清单。');
    expect(second!.clause).toBe('东城区要在6月底前完成首批开工。');
    expect(BODY.slice(second!.offset!, second!.offset! + second!.length)).toBe(second!.clause);
    expect(second!.key).not.toBe(first!.key);
    expect(splitItem(merged, 0, 0, BODY)).toBe(merged);
  });

  it('moves within a heading group by swapping, and across groups by changing the heading path', () => {
    const swapped = moveItem([A(), B(), C()], 1, -1);
    expect(swapped.map((i) => i.key)).toEqual(['b', 'a', 'c']);
    const crossed = moveItem([A(), B(), C()], 2, -1);
    expect(crossed.map((i) => i.key)).toEqual(['a', 'b', 'c']);
    expect(crossed[2]!.headingPath).toEqual(['抓好项目开工']);
    expect(moveItem([A()], 0, -1)).toHaveLength(1);
  });

  it('groups the flat list by heading path in order of first appearance', () => {
    const tree = draftTree([A(), C(), B()]);
    expect(tree.map((n) => (n.type === 'group' ? n.heading : n.key))).toEqual(['抓好项目开工', '强化要素保障']);
    const first = tree[0]!;
    expect(first.type === 'group' && first.children.map((c) => c.key)).toEqual(['a', 'b']);
  });

  it('reads the item index out of a server field name', () => {
    expect(itemIndexOfField('items[3].leadUnitIds')).toBe(3);
    expect(itemIndexOfField('items.12.deadline')).toBe(12);
    expect(itemIndexOfField('title')).toBe(-1);
  });

  it('highlights each clause of a merged item but not the heading between them', () => {
    const merged = mergeWithNext([B(), C()], 0)[0]!;
    const ranges = clauseRanges(BODY, merged);
    expect(ranges.map(([s, e]) => BODY.slice(s, e))).toEqual(['东城区要在6月底前完成首批开工。', '市自然资源局要加快用地审批。']);
    expect(clauseRanges(BODY, { clause: '', offset: null, length: 0 })).toEqual([]);
  });
});

describe('batch edits of the selected items', () => {
  const items = () => [A(), B(), C()];

  it('selects all, none by inverting all, and inverts a selection in draft order', () => {
    const all = selectAll(items());
    expect([...all]).toEqual(['a', 'b', 'c']);
    expect([...invertSelection(items(), all)]).toEqual([]);
    expect([...invertSelection(items(), new Set(['b']))]).toEqual(['a', 'c']);
    expect([...pruneSelection([A(), C()], new Set(['a', 'b', 'x']))]).toEqual(['a']);
  });

  it('drops 29 of 32 items in one go: select the three to keep, invert, 不纳入', () => {
    const many = Array.from({ length: 32 }, (_, n) => ({ ...A(), key: `k${n}` }));
    const keep = new Set(['k3', 'k10', 'k31']);
    const next = applyBatch(many, invertSelection(many, keep), { kind: 'include', include: false });
    expect(next.filter((i) => i.include).map((i) => i.key)).toEqual(['k3', 'k10', 'k31']);
    expect(applyBatch(next, selectAll(next), { kind: 'include', include: true }).every((i) => i.include)).toBe(true);
  });

  it('sets the lead on the selected items only, taking it out of their co-units', () => {
    const next = applyBatch(items(), new Set(['b', 'c']), { kind: 'lead', unitIds: ['fgw'] });
    expect(next.map((i) => i.leadUnitIds)).toEqual([['fgw'], ['fgw'], ['fgw']]);
    expect(next[0]).toEqual(A());
    expect(next[1]!.coUnitIds).toEqual(['xc']);
  });

  it('sets co-units without naming an item’s own lead', () => {
    const next = applyBatch(items(), new Set(['a', 'b']), { kind: 'co', unitIds: ['fgw', 'dc', 'zrzy'] });
    expect(next[0]!.coUnitIds).toEqual(['dc', 'zrzy']);
    expect(next[1]!.coUnitIds).toEqual(['fgw', 'zrzy']);
    expect(next[2]!.coUnitIds).toEqual([]);
  });

  it('sets or clears deadline and category of the selected items', () => {
    const dated = applyBatch(items(), new Set(['b', 'c']), { kind: 'deadline', deadline: '2026-09-30' });
    expect(dated.map((i) => i.deadline)).toEqual(['2026-06-30', '2026-09-30', '2026-09-30']);
    const filed = applyBatch(dated, new Set(['a']), { kind: 'category', category: '项目建设' });
    expect(filed.map((i) => i.category)).toEqual(['项目建设', null, null]);
    expect(applyBatch(filed, new Set(['a']), { kind: 'category', category: null })[0]!.category).toBeNull();
    expect(applyBatch(filed, new Set(), { kind: 'deadline', deadline: null })).toBe(filed);
  });

  it('gives 长期坚持 items a date as ordinary items, and clearing the date keeps 长期坚持', () => {
    const standing = [{ ...A(), deadline: null, longTerm: true }, { ...B(), deadline: null, longTerm: true }];
    const dated = applyBatch(standing, new Set(['a']), { kind: 'deadline', deadline: '2026-09-30' });
    expect(dated.map((i) => [i.deadline, i.longTerm])).toEqual([['2026-09-30', false], [null, true]]);
    expect(applyBatch(standing, new Set(['b']), { kind: 'deadline', deadline: null })[1]).toMatchObject({ deadline: null, longTerm: true });
  });
});
