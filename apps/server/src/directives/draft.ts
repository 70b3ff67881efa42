import { isLeadInClause, normalizeForMatch, type NonTaskReason, type ParsedDocument, type TaskItem } from '@luoshi/doc-parser';
import { searchKey, type DraftItem } from '@luoshi/shared';
import { matchUnit, parseDeadline, type UnitRef } from '../supervision/rules/division-table.ts';

export type { DraftItem };

export const TITLE_MAX = 200;
const SHORT_TITLE = 40;

// Words that open a deployment sentence but say nothing about the task itself.
const OPENERS = /^(?:[一二三四五六七八九十]+是|同时|此外|另外|其次|首先|最后|总之|我们|各级各部门|各地各部门|各部门|各单位|全市|全区|全县)?[,，、\s]*(?:要|必须|务必|切实|坚决|必须要|一定要)?/u;

/** Length-preserving match form (simplified, half-width punctuation), or null when it is not. */
function matchText(text: string): string | null {
  const m = normalizeForMatch(text);
  return m.length === text.length ? m : null;
}

/**
 * A short title for a task sentence: its action clause. Who asked (会议强调) is dropped, and so are
 * framing clauses (以…为契机, 围绕…, 按照…, 坚持…,
 * 在…基础上) when an action follows them; a clause too short to say anything is extended by the
 * next, and the title is cut at 40 characters.
 */
export function draftTitle(sentence: string): string {
  let text = sentence.trim();
  const cut = (n: number) => {
    text = text.slice(n).replace(/^[,，:：、\s]+/u, '');
  };
  // Who asked, the opening words and framing clauses, for as long as something is left to say
  // after them; the unit addressed (县发改局要…) stays, it says who does it.
  for (let guard = 0; guard < 8; guard++) {
    const before = text;
    const m = matchText(text);
    if (!m) break;
    const end = m.search(/[,;:。!?]/);
    if (end > 0 && isLeadInClause(m.slice(0, end)) && m.slice(end + 1).replace(/[,;:。!?\s]/g, '').length >= 4) cut(end + 1);
    else text = text.replace(OPENERS, '').trim() || text;
    if (text === before) break;
  }
  const parts = text.split(/(?<=[,，;；:：。！!？?])/u);
  let title = '';
  for (const part of parts) {
    title += part;
    if (title.replace(/[,，;；:：。！!？?\s]/gu, '').length >= 8) break;
  }
  title = title.replace(/[,，;；:：。！!？?、\s]+$/u, '');
  if ([...title].length > SHORT_TITLE) title = `${[...title].slice(0, SHORT_TITLE - 1).join('')}…`;
  return title || [...sentence.trim()].slice(0, SHORT_TITLE).join('');
}

/**
 * The date a literal deadline phrase means, counted from the document's date (年底前 → 12-31 of
 * the document's year, 6月底前 → 06-30); rhythms and open-ended phrases (长期坚持, 每季度) give null.
 * The phrases are read by the task-division import's deadline reader, so both agree.
 */
export function deadlineFromPhrase(phrase: string | null, docDate: string): string | null {
  if (!phrase) return null;
  return parseDeadline(phrase, docDate)?.date ?? null;
}

/** The units a list of names means, by the task-division import's matcher; unmatched or ambiguous names are left for the reviewer. */
export function matchUnitNames(names: string[], units: UnitRef[]): string[] {
  const ids: string[] = [];
  for (const name of names) {
    const unit = matchUnit(name, units).unit;
    if (unit && !ids.includes(unit.id)) ids.push(unit.id);
  }
  return ids;
}

/**
 * Builds the draft in document order: one included item per deployment sentence, and one left-out
 * item per sentence the parser set aside as assigning nothing (its reason in `nonTask`), which a
 * reviewer may bring back.
 */
export function buildDraft(parsed: Pick<ParsedDocument, 'tasks'> & Partial<Pick<ParsedDocument, 'setAside'>>, units: UnitRef[], docDate: string): DraftItem[] {
  const all: Array<{ t: TaskItem; reason: NonTaskReason | null }> = [
    ...parsed.tasks.map((t) => ({ t, reason: null })),
    ...(parsed.setAside ?? []).map((t) => ({ t, reason: t.reason })),
  ].sort((a, b) => a.t.offset - b.t.offset);
  return all.map(({ t, reason }, i) => {
    const leadUnitIds = matchUnitNames(t.leadUnits, units);
    const coUnitIds = matchUnitNames(t.coUnits, units).filter((id) => !leadUnitIds.includes(id));
    return {
      key: `t${i + 1}`,
      title: draftTitle(t.text),
      content: t.text,
      clause: t.text,
      offset: t.offset,
      length: t.text.length,
      headingPath: t.headingPath,
      leadUnitIds,
      coUnitIds,
      leadUnitNames: t.leadUnits,
      coUnitNames: t.coUnits,
      deadline: deadlineFromPhrase(t.deadline, docDate),
      deadlineText: t.deadline,
      // 长期坚持 and other standing phrases: a long-term item, unless a date came with them.
      longTerm: !!t.deadline && parseDeadline(t.deadline, docDate)?.recurring === 'ongoing' && deadlineFromPhrase(t.deadline, docDate) === null,
      category: null,
      include: reason === null,
      ...(reason ? { nonTask: reason } : {}),
    };
  });
}

/**
 * The draft with its deadline phrases counted again from a new document date (`from` is the date
 * they were counted from). A deadline the reviewer changed by hand — one that is not what its
 * phrase gave — is kept.
 */
export function redateDraft(items: DraftItem[], from: string, to: string): DraftItem[] {
  return items.map((item) => {
    if (!item.deadlineText || item.deadline !== deadlineFromPhrase(item.deadlineText, from)) return item;
    return { ...item, deadline: deadlineFromPhrase(item.deadlineText, to) };
  });
}

// Unit names are normalised once per process, not once per clause: a province has 10,000 units.
const NAME_KEYS = new Map<string, string>();
const NAME_KEYS_MAX = 100_000;

function nameKey(name: string): string {
  let key = NAME_KEYS.get(name);
  if (key === undefined) {
    key = searchKey(name).replace(/\s+/g, '');
    if (NAME_KEYS.size >= NAME_KEYS_MAX) NAME_KEYS.clear();
    if (name.length <= 100) NAME_KEYS.set(name, key);
  }
  return key;
}

/** A unit suggested for a clause, with the name or short name found in it. */
export interface UnitSuggestion {
  unit: UnitRef;
  matched: string;
  at: number;
}

/**
 * Units whose name or short name appears in the text (across scripts and widths), in order of
 * appearance. A name found only inside a longer unit name found there (东城区 in 东城区财政局)
 * does not count as a mention.
 */
export function suggestUnits(text: string, units: UnitRef[]): UnitSuggestion[] {
  const hay = nameKey(text);
  const hits: { unit: UnitRef; matched: string; at: number; end: number }[] = [];
  for (const unit of units) {
    for (const name of unit.shortName ? [unit.name, unit.shortName] : [unit.name]) {
      const key = nameKey(name);
      if (key.length < 2) continue;
      for (let at = hay.indexOf(key); at >= 0; at = hay.indexOf(key, at + 1)) hits.push({ unit, matched: name, at, end: at + key.length });
    }
  }
  // Longest first at each place, so a contained shorter name meets its container before it.
  hits.sort((a, b) => a.at - b.at || b.end - a.end);
  const kept: typeof hits = [];
  for (const hit of hits) {
    if (!kept.some((k) => k.unit !== hit.unit && k.at <= hit.at && hit.end <= k.end)) kept.push(hit);
  }
  const seen = new Set<string>();
  const out: UnitSuggestion[] = [];
  for (const hit of kept) {
    if (seen.has(hit.unit.id)) continue;
    seen.add(hit.unit.id);
    out.push({ unit: hit.unit, matched: hit.matched, at: hit.at });
  }
  return out;
}

/** The kind of document a title announces: a speech (讲话), minutes (纪要) or a plan (方案, 计划, 意见, 要点). */
export function guessKind(title: string): 'speech' | 'minutes' | 'plan' | 'other' {
  const t = searchKey(title);
  if (/讲话|致辞|发言|报告会上/.test(t)) return 'speech';
  if (/纪要|会议记录|议定事项/.test(t)) return 'minutes';
  if (/方案|计划|意见|要点|清单|措施|规划|通知/.test(t)) return 'plan';
  return 'other';
}
