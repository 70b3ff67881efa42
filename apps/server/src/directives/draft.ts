import type { ParsedDocument, TaskItem } from '@luoshi/doc-parser';
import { searchKey, type DraftItem } from '@luoshi/shared';
import { matchUnit, parseDeadline, type UnitRef } from '../supervision/rules/division-table.ts';

export type { DraftItem };

export const TITLE_MAX = 200;
const SHORT_TITLE = 40;

// Words that open a deployment sentence but say nothing about the task itself.
const OPENERS = /^(?:[一二三四五六七八九十]+是|同时|此外|另外|其次|首先|最后|总之|我们|各级各部门|各地各部门|各部门|各单位|全市|全区|全县)?[,，、\s]*(?:要|必须|务必|切实|坚决|必须要|一定要)?/u;

/**
 * A short title for a task sentence: its first clause (without the opening 要/必须 and its
 * trailing punctuation), extended by the next clause when the first is too short to say
 * anything, and cut at 40 characters.
 */
export function draftTitle(sentence: string): string {
  const text = sentence.trim().replace(OPENERS, '').trim() || sentence.trim();
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

/** Builds the draft from the parsed tasks: one included item per deployment sentence. */
export function buildDraft(parsed: Pick<ParsedDocument, 'tasks'>, units: UnitRef[], docDate: string): DraftItem[] {
  return parsed.tasks.map((t: TaskItem, i) => {
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
      include: true,
    };
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
