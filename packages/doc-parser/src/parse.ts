import { cleanWithMatchForm } from './clean.ts';
import { detectScript, matchForm } from './convert.ts';
import { findOrganizations, findPeople, findPlaces, type FoundName, type RejectHook } from './entities.ts';
import { classifyFigure, documentTense, figureSubject, isNotAFigure, scanFigures, sectionTense } from './figures.ts';
import { bareNumber, findInlineMarkers, findLeadIns, inlineHeadingEnd, isHeadingEnd, LevelTracker, matchLineMarker } from './headings.ts';
import { BY_UNIT, isTaskSentence, nonTaskReason, mapRow, mergeSpec, sentenceSpec, splitCells, tableHeader, type ColumnRole } from './tasks.ts';
import { findCadences, findFormulations, findWrittenRhythms, type FoundTerm } from './terms.ts';
import { codeTable, isSpace, lineSpans, type LineSpan } from './text.ts';
import { openingUnits, parseUnitSpec, splitUnits, startsWithUnitLabel, subjectUnits, type UnitSpec } from './units.ts';
import type { Cadence, CleanedDocument, Figure, Heading, NameWhy, ParsedDocument, SetAsideItem, Statistic, TaskItem } from './types.ts';

// Heading texts run to the first terminator or the line end; on pathological megabyte lines we stop here.
const MAX_HEADING_TEXT = 500;

interface Candidate {
  offset: number;
  text: string;
  path: string[];
  ancestors: number[];
  spec: UnitSpec;
  heading: number; // index of the heading whose own sentence this is, or -1
  taskLike: boolean;
}

interface PendingStat {
  fig: Statistic;
  sentStart: number;
  sentEnd: number;
}

function headingTextEnd(norm: string, from: number, end: number, lost: Set<number>): number {
  const limit = Math.min(end, from + MAX_HEADING_TEXT);
  for (let i = from; i < limit; i++) {
    const c = norm.charCodeAt(i);
    if (isHeadingEnd(c) && !(c === 0x3f && lost.has(i))) return i + 1;
  }
  return limit;
}

const CLOSERS = '”’」』)）"\'';

function splitSentences(norm: string, a: number, b: number, lost: Set<number>): LineSpan[] {
  const out: LineSpan[] = [];
  let s = a;
  for (let i = a; i < b; i++) {
    const c = norm.charCodeAt(i);
    if (c !== 0x3002 /* 。 */ && c !== 0x3b && c !== 0x21 && c !== 0x3f) continue;
    if (c === 0x3f && lost.has(i)) continue;
    let e = i + 1;
    while (e < b && (CLOSERS.includes(norm[e] ?? '') || norm[e] === '。' || norm[e] === '!' || norm[e] === '?')) e++;
    out.push({ start: s, end: e });
    s = e;
    i = e - 1;
  }
  if (s < b) out.push({ start: s, end: b });
  const trimmed: LineSpan[] = [];
  for (const sp of out) {
    let x = sp.start;
    let y = sp.end;
    while (x < y && isSpace(norm.charCodeAt(x))) x++;
    while (y > x && isSpace(norm.charCodeAt(y - 1))) y--;
    if (y > x) trimmed.push({ start: x, end: y });
  }
  return trimmed;
}

const CLAUSE_END_CODES = codeTable('。;!?,:、');

function clauses(norm: string, a: number, b: number): LineSpan[] {
  const out: LineSpan[] = [];
  let s = a;
  for (let i = a; i <= b; i++) {
    // The span's end counts as a delimiter.
    if (i < b && CLAUSE_END_CODES[norm.charCodeAt(i)] !== 1) continue;
    let x = s;
    while (x < i && isSpace(norm.charCodeAt(x))) x++;
    if (i > x) out.push({ start: x, end: i });
    s = i + 1;
  }
  return out;
}

const DEICTIC = /我市|全市|我区|全区|我县|全县|我省|全省|我镇|全镇|本市|本区|本县|全州|我州|全旗|我旗/;

type NameEntry = { at: number; text: string; why: NameWhy };

function uniqueByKey(items: FoundName[], text: string, norm: string, into: Map<string, NameEntry>): void {
  for (const it of items) {
    const key = norm.slice(it.at, it.at + it.len);
    if (!into.has(key)) into.set(key, { at: it.at, text: text.slice(it.at, it.at + it.len), why: it.why });
  }
}

/**
 * A place named only inside an organisation (临沂市住房和城乡建设局) or a document's title
 * (《山东省…方案》) is not listed on its own; of names that contain one another, the fullest stays.
 */
function keepFreePlaces(places: Map<string, NameEntry>, spans: FoundName[], orgs: FoundName[], norm: string, onReject?: RejectHook): void {
  const covers: Array<{ at: number; len: number }> = [...orgs];
  const title = /《[^》\n]{1,100}》/g;
  for (let m = title.exec(norm); m; m = title.exec(norm)) covers.push({ at: m.index, len: m[0].length });
  covers.sort((x, y) => x.at - y.at);
  const free = new Set<string>();
  let c = 0;
  for (const sp of [...spans].sort((x, y) => x.at - y.at)) {
    while (c < covers.length && (covers[c]?.at ?? 0) + (covers[c]?.len ?? 0) <= sp.at) c++;
    let inside = false;
    for (let k = c; k < covers.length && (covers[k]?.at ?? Infinity) <= sp.at; k++) {
      const cv = covers[k];
      if (cv && cv.at <= sp.at && cv.at + cv.len >= sp.at + sp.len) inside = true;
    }
    if (!inside) free.add(norm.slice(sp.at, sp.at + sp.len));
  }
  const keys = [...places.keys()];
  for (const key of keys) {
    const fuller = keys.some((other) => other !== key && other.length > key.length && other.includes(key) && free.has(other));
    if (!free.has(key) || fuller) {
      const at = places.get(key)?.at ?? 0;
      onReject?.({ kind: 'place', at, len: key.length, reason: fuller ? 'part-of-a-fuller-name' : 'only-inside-a-body-or-title' });
      places.delete(key);
    }
  }
}

// A section titled by the unit that leads it: （一）县示范区管委会牵头工作（8项）.
const UNIT_GROUP = /^(.{2,30}?)(?:牵头|负责|承担|主抓)的?(?:工作|任务|事项)/;

/** The lead units a heading path names for the work under it, innermost first, or null. */
function unitGroupLead(path: string[]): string[] | null {
  for (let i = path.length - 1; i >= 0; i--) {
    const h = path[i] ?? '';
    const m = UNIT_GROUP.exec(h);
    if (!m?.[1]) continue;
    const units = splitUnits(m[1], matchForm(m[1]), true);
    if (units.length > 0) return units;
  }
  return null;
}

/** 17.4个和5.2个百分点 share the last unit; 100个亿 is counted in 个亿. */
function sharedUnit(norm: string, unit: string | null, end: number): string | null {
  if (unit !== '个') return unit;
  const after = norm.slice(end, end + 16);
  if (after.startsWith('亿')) return '个亿';
  const shared = /^[和、与及至到-]\d+(?:\.\d+)?(个百分点)/.exec(after);
  return shared?.[1] ?? unit;
}

/** Parses an already cleaned document (see cleanDocument); offsets are into `cleaned.text`. */
/** Options of a parse: a title to use, and a hook told of every candidate the rules turned down. */
export interface ParseOptions {
  title?: string;
  onReject?: (r: { kind: 'person' | 'place' | 'organization' | 'figure'; text: string; reason: string }) => void;
}

export function parseCleaned(cleaned: CleanedDocument, options?: ParseOptions, matchText?: string): ParsedDocument {
  const text = cleaned.text;
  const norm = matchText !== undefined && matchText.length === text.length ? matchText : matchForm(text);
  const lost = new Set(cleaned.flags.lostCharacters);
  const lines = lineSpans(text);
  const report = options?.onReject;
  const onReject: RejectHook | undefined = report ? (r) => report({ kind: r.kind, text: text.slice(r.at, r.at + r.len), reason: r.reason }) : undefined;
  const title = options?.title?.trim() || cleaned.meta.title;

  const headings: Heading[] = [];
  const parents: number[] = [];
  const tracker = new LevelTracker();
  const candidates: Candidate[] = [];
  const targets: Figure[] = [];
  const stats: PendingStat[] = [];
  const terms: FoundTerm[] = [];
  const cadences: Cadence[] = [];

  // The document's kind is in its title, else its first line.
  const firstLine = lines.find((l) => l.end > l.start);
  const docTense = documentTense(title, firstLine ? norm.slice(firstLine.start, Math.min(firstLine.end, firstLine.start + 150)) : '', norm.slice(0, 400));
  const planDoc = docTense?.tense === 'future';
  let titleLine = -1;
  if (cleaned.meta.title !== null) {
    const first = lines.findIndex((l) => l.end > l.start);
    const l = first >= 0 ? lines[first] : undefined;
    if (l && text.slice(l.start, l.end) === cleaned.meta.title) titleLine = first;
  }

  const familyCount = new Map<string, number>();
  let currentLineStart = 0;
  const spoken = new Set<number>();
  const openHeading = (family: string, markerAt: number, markerLen: number, textAt: number, textEnd: number, inline: boolean): number => {
    const idx = headings.length;
    familyCount.set(family, matchLineMarker(norm, markerAt, Math.min(norm.length, markerAt + markerLen + 40))?.num ?? 0);
    const htext = text.slice(textAt, textEnd);
    const level = tracker.open(family, htext, inline, idx);
    const parent = tracker.stack[tracker.stack.length - 2];
    headings.push({ level, marker: text.slice(markerAt, markerAt + markerLen), text: htext, offset: markerAt });
    parents.push(parent ? parent.index : -1);
    return idx;
  };

  const lastCandidate = (): Candidate | undefined => candidates[candidates.length - 1];

  const handleSentence = (s: number, e: number, headingIdx: number): void => {
    const sn = norm.slice(s, e);
    const so = text.slice(s, e);
    if (startsWithUnitLabel(sn)) {
      const c = lastCandidate();
      if (c) mergeSpec(c.spec, parseUnitSpec(so, sn));
      return;
    }
    // A note standing alone after the sentence it belongs to: （市发改委牵头，市财政局配合）
    if (/^[(【[〔]/.test(sn) && /[)】\]〕][。;]?$/.test(sn) && sn.length <= 160) {
      const spec = sentenceSpec(so, sn);
      const c = lastCandidate();
      if (c && (spec.lead.length > 0 || spec.co.length > 0 || spec.deadline)) {
        mergeSpec(c.spec, spec);
        return;
      }
    }
    // Headings with text of their own under them (主要目标 followed by its figures) are sections, not items.
    const inner = tracker.stack[tracker.stack.length - 1];
    if (headingIdx < 0 && inner && e - s > 8) spoken.add(inner.index);
    // In a plan, a sentence under a 县示范区管委会牵头工作 heading, or one whose subject is a unit, assigns work.
    const group = planDoc ? unitGroupLead(tracker.path()) : null;
    const taskLike = isTaskSentence(sn) || group !== null || (planDoc && (BY_UNIT.test(sn) || subjectUnits(so, sn).length > 0 || openingUnits(so, sn).length > 0));
    if (taskLike || headingIdx >= 0) {
      const path = tracker.path();
      const ancestors = tracker.stack.map((h) => h.index);
      if (headingIdx >= 0) {
        path.pop();
        ancestors.pop();
      }
      const spec = sn.length <= 1000 ? sentenceSpec(so, sn) : { lead: [], co: [], deadline: null };
      candidates.push({ offset: s, text: so, path, ancestors, spec, heading: headingIdx, taskLike });
    }
    if (e - s > 2000) return;
    let tense: ReturnType<typeof sectionTense> | undefined;
    for (const cl of clauses(norm, s, e)) {
      let prevEnd = cl.start;
      for (const f of scanFigures(norm, cl.start, cl.end)) {
        const notFigure = isNotAFigure(norm, currentLineStart, f.start, f.end);
        if (notFigure) {
          onReject?.({ kind: 'figure', at: f.start, len: f.end - f.start, reason: notFigure });
          continue;
        }
        const subject = figureSubject(text, norm, prevEnd, f.start);
        prevEnd = f.end;
        if (tense === undefined) tense = sectionTense(tracker.path(), docTense);
        const read = classifyFigure(norm, s, e, f.start, taskLike, { start: cl.start, end: cl.end, tense });
        // A marker is shown as written (the match form may be simplified); a heading already is.
        const cueAt = read.why.cue === null || read.why.rule === 'section' || read.why.rule === 'document' ? -1 : norm.indexOf(read.why.cue, s);
        const cue = cueAt >= 0 && cueAt < e ? text.slice(cueAt, cueAt + (read.why.cue?.length ?? 0)) : read.why.cue;
        const item: Figure = { subject, value: f.value, unit: sharedUnit(norm, f.unit, f.end), comparator: f.comparator, text: text.slice(cl.start, cl.end), offset: cl.start, why: { rule: read.why.rule, cue } };
        if (read.future) targets.push(item);
        else stats.push({ fig: { ...item, entity: null }, sentStart: s, sentEnd: e });
      }
    }
  };

  let lastBare = 0;
  let pendingTitle: { line: number; heading: number } | null = null;
  let table: ColumnRole[] | null = null;

  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    if (!line || line.end <= line.start) continue;
    const { start, end } = line;
    currentLineStart = start;
    tracker.endParagraph();
    const lineNorm = norm.slice(start, end);
    terms.push(...findFormulations(text, norm, start, end));
    cadences.push(...findCadences(text, norm, start, end));
    for (const { at: _at, ...c } of findWrittenRhythms(text, norm, start, end)) cadences.push(c);
    if (k === titleLine) continue;

    if (table) {
      const cells = splitCells(text.slice(start, end));
      if (cells.length >= 2) {
        const map = mapRow(table, cells);
        const task = map.get('task')?.filter((c) => c.len > 0) ?? [];
        const first = task[0];
        const last = task[task.length - 1];
        if (first && last) {
          const at = start + first.at;
          const endAt = start + last.at + last.len;
          const spec: UnitSpec = { lead: [], co: [], deadline: null };
          for (const c of map.get('lead') ?? []) spec.lead.push(...splitUnits(text.slice(start + c.at, start + c.at + c.len), norm.slice(start + c.at, start + c.at + c.len)));
          for (const c of map.get('co') ?? []) spec.co.push(...splitUnits(text.slice(start + c.at, start + c.at + c.len), norm.slice(start + c.at, start + c.at + c.len)));
          const d = map.get('deadline')?.find((c) => c.len > 0);
          if (d) spec.deadline = text.slice(start + d.at, start + d.at + d.len);
          const inner = sentenceSpec(text.slice(at, endAt), norm.slice(at, endAt));
          mergeSpec(spec, inner);
          candidates.push({
            offset: at, text: text.slice(at, endAt), path: tracker.path(), ancestors: tracker.stack.map((h) => h.index),
            spec, heading: -1, taskLike: true,
          });
        }
        continue;
      }
      if (!matchLineMarker(norm, start, end) && end - start > 40) table = null;
    }
    if (/[\t|｜]| {2}/.test(lineNorm)) {
      const cells = splitCells(text.slice(start, end));
      const roles = tableHeader(lineNorm, cells.map((c) => ({ at: c.at, len: c.len })));
      if (roles) {
        table = roles;
        continue;
      }
    }

    if (startsWithUnitLabel(lineNorm)) {
      const c = lastCandidate();
      if (c) mergeSpec(c.spec, parseUnitSpec(text.slice(start, end), lineNorm));
      continue;
    }

    const bare = bareNumber(lineNorm);
    if (bare !== null) {
      let next = k + 1;
      while (next < lines.length && (lines[next]?.end ?? 0) <= (lines[next]?.start ?? 0)) next++;
      const nl = lines[next];
      if (nl && (bare === 1 || bare === lastBare + 1) && bareNumber(norm.slice(nl.start, nl.end)) === null && !matchLineMarker(norm, nl.start, nl.end)) {
        const tEnd = headingTextEnd(norm, nl.start, nl.end, lost);
        const idx = openHeading('bare', start, end - start, nl.start, tEnd, false);
        lastBare = bare;
        pendingTitle = { line: next, heading: idx };
        continue;
      }
    }

    const segments: Array<{ at: number; heading: number; lead: { family: string; markerAt: number; markerLen: number; inline: boolean } | null }> = [];
    let bodyStart = start;
    const marker = matchLineMarker(norm, start, end);
    if (marker) {
      let textAt = start + marker.length;
      while (textAt < end && isSpace(norm.charCodeAt(textAt))) textAt++;
      const tEnd = headingTextEnd(norm, textAt, end, lost);
      const idx = openHeading(marker.family, start, marker.length, textAt, tEnd, false);
      segments.push({ at: textAt, heading: idx, lead: null });
      bodyStart = textAt;
    } else if (pendingTitle && pendingTitle.line === k) {
      segments.push({ at: start, heading: pendingTitle.heading, lead: null });
    } else {
      segments.push({ at: start, heading: -1, lead: null });
    }
    pendingTitle = null;
    const lookahead = Math.min(norm.length, end + 2000);
    for (const li of findLeadIns(norm, bodyStart, end, start, lookahead, marker ? { family: marker.family, num: marker.num } : undefined)) {
      // A line-start 一是 is already the line's own heading.
      if (li.at === start && marker) continue;
      segments.push({ at: li.at + li.length, heading: -2, lead: { family: li.family, markerAt: li.at, markerLen: li.length, inline: true } });
    }
    for (const im of findInlineMarkers(norm, start, end, familyCount, lookahead)) {
      if (im.at === start) continue;
      segments.push({ at: im.at + im.length, heading: -2, lead: { family: im.family, markerAt: im.at, markerLen: im.length, inline: false } });
    }
    segments.sort((x, y) => x.at - y.at);
    for (let j = 0; j < segments.length; j++) {
      const seg = segments[j];
      if (!seg) continue;
      const segEnd = j + 1 < segments.length ? (segments[j + 1]?.lead?.markerAt ?? segments[j + 1]?.at ?? end) : end;
      let headingIdx = seg.heading;
      let at = seg.at;
      while (at < segEnd && isSpace(norm.charCodeAt(at))) at++;
      if (seg.lead) {
        let tEnd = headingTextEnd(norm, at, end, lost);
        if (!seg.lead.inline) tEnd = inlineHeadingEnd(norm, at, tEnd);
        headingIdx = openHeading(seg.lead.family, seg.lead.markerAt, seg.lead.markerLen, at, tEnd, seg.lead.inline);
      }
      const sentences = splitSentences(norm, at, segEnd, lost);
      sentences.forEach((sp, n) => handleSentence(sp.start, sp.end, n === 0 ? headingIdx : -1));
    }
  }

  // A heading's own sentence is a task only when it carries units/deadline or heads nothing else.
  const hasChild = new Set<number>();
  parents.forEach((p) => {
    if (p >= 0) hasChild.add(p);
  });
  const hasBody = new Set<number>();
  for (const c of candidates) if (c.heading < 0 && c.taskLike) for (const a of c.ancestors) hasBody.add(a);
  const tasks: TaskItem[] = [];
  const setAside: SetAsideItem[] = [];
  for (const c of candidates) {
    const annotated = c.spec.lead.length > 0 || c.spec.co.length > 0 || c.spec.deadline !== null;
    // A plan's numbered item that heads nothing is a task even when it states a goal (地区生产总值增长8%以上).
    if (c.heading >= 0) {
      if (!annotated && !((c.taskLike || (planDoc && !spoken.has(c.heading))) && !hasChild.has(c.heading) && !hasBody.has(c.heading))) continue;
    } else if (!c.taskLike && !annotated) continue;
    // Nothing labelled: the units the sentence is addressed to (市教育局要…) lead it, else its section's (…牵头工作).
    let lead = c.spec.lead.length > 0 || c.spec.co.length > 0 ? c.spec.lead : subjectUnits(c.text, norm.slice(c.offset, c.offset + c.text.length));
    if (lead.length === 0 && c.spec.co.length === 0 && planDoc) lead = openingUnits(c.text, norm.slice(c.offset, c.offset + c.text.length));
    if (lead.length === 0 && c.spec.co.length === 0 && planDoc) lead = unitGroupLead(c.path) ?? [];
    // …要核查，要下发通知: a 要 with no subject goes on with the previous task's units, in the same paragraph.
    const prev = tasks[tasks.length - 1];
    if (lead.length === 0 && c.spec.co.length === 0 && prev && prev.leadUnits.length > 0 && /^(?:并|还|同时|再)?要/.test(norm.slice(c.offset, c.offset + 3)) && !norm.slice(prev.offset, c.offset).includes('\n')) lead = [...prev.leadUnits];
    const item: TaskItem = { text: c.text, headingPath: c.path, leadUnits: lead, coUnits: c.spec.co, deadline: c.spec.deadline, offset: c.offset };
    // A sentence naming its units or deadline assigns something; otherwise quotes, rhetoric and framing are set aside.
    const reason = annotated ? null : nonTaskReason(norm.slice(c.offset, c.offset + c.text.length));
    if (reason) setAside.push({ ...item, reason });
    else tasks.push(item);
  }

  // Entities: places first, so organisations can start with a place name.
  const placeMap = new Map<string, NameEntry>();
  const placeSpans: FoundName[] = [];
  for (const l of lines) if (l.end > l.start) placeSpans.push(...findPlaces(norm, l.start, l.end, onReject));
  uniqueByKey(placeSpans, text, norm, placeMap);
  const placeKeys = [...placeMap.keys()].slice(0, 60).sort((x, y) => y.length - x.length);
  const orgMap = new Map<string, NameEntry>();
  const peopleMap = new Map<string, NameEntry>();
  const orgSpans: FoundName[] = [];
  for (const l of lines) {
    if (l.end <= l.start) continue;
    const orgs = findOrganizations(norm, l.start, l.end, placeKeys, onReject);
    orgSpans.push(...orgs);
    uniqueByKey(orgs, text, norm, orgMap);
    uniqueByKey(findPeople(norm, l.start, l.end), text, norm, peopleMap);
  }
  keepFreePlaces(placeMap, placeSpans, orgSpans, norm, onReject);

  // A statistic describes the place or body its sentence names, else the document's own 我市/全市.
  const bases = new Set<string>();
  for (const key of placeKeys) {
    bases.add(key);
    const base = key.replace(/(?:特别行政区|自治区|自治州|自治县|开发区|高新区|新区|园区|街道|省|市|区|县|镇|乡|村)$/, '');
    if (base.length >= 2) bases.add(base);
  }
  const entityKeys = [...bases, ...[...orgMap.keys()].slice(0, 60)].sort((x, y) => y.length - x.length);
  const statistics: Statistic[] = stats.map(({ fig, sentStart, sentEnd }) => {
    const sent = norm.slice(sentStart, sentEnd);
    let best: { at: number; len: number } | null = null;
    for (const key of entityKeys) {
      const at = sent.indexOf(key);
      if (at >= 0 && (!best || at < best.at)) best = { at, len: key.length };
    }
    if (!best) {
      const d = DEICTIC.exec(sent);
      if (d) best = { at: d.index, len: d[0].length };
    }
    const entity = best ? text.slice(sentStart + best.at, sentStart + best.at + best.len) : null;
    // The entity is reported on its own, so "新吴区完成投资" measures "完成投资".
    let subject = fig.subject;
    if (entity && subject && subject.startsWith(entity) && subject.length > entity.length) subject = figureSubject(subject, matchForm(subject), entity.length, subject.length);
    return { ...fig, subject, entity };
  });

  // Cadences are listed once, as cadences: “周调度、月通报、季推进、年考评” is not a formulation too.
  const cadenceKeys = cadences.map((c) => matchForm(c.text)).sort((x, y) => y.length - x.length);
  const onlyCadences = (key: string): boolean => {
    if (cadenceKeys.length === 0) return false;
    let rest = key;
    for (const c of cadenceKeys) rest = rest.split(c).join('');
    return rest.replace(/[、+,\s和与及]/g, '') === '' && rest.length < key.length;
  };
  terms.sort((x, y) => x.at - y.at);
  const seenTerms = new Set<string>();
  const formulations: string[] = [];
  for (const t of terms) {
    if (seenTerms.has(t.key) || onlyCadences(t.key)) continue;
    seenTerms.add(t.key);
    formulations.push(t.text);
  }
  const seenCad = new Set<string>();
  const uniqueCadences = cadences.filter((c) => {
    const key = matchForm(c.text);
    if (seenCad.has(key)) return false;
    seenCad.add(key);
    return true;
  });

  return {
    title,
    date: cleaned.meta.date,
    source: cleaned.meta.source,
    script: detectScript(text),
    headings,
    tasks,
    targets,
    statistics,
    formulations,
    cadences: uniqueCadences,
    people: [...peopleMap.values()].map((v) => v.text),
    places: [...placeMap.values()].map((v) => v.text),
    organizations: [...orgMap.values()].sort((x, y) => x.at - y.at).map((v) => v.text),
    explain: {
      people: Object.fromEntries([...peopleMap.values()].map((v) => [v.text, v.why])),
      places: Object.fromEntries([...placeMap.values()].map((v) => [v.text, v.why])),
      organizations: Object.fromEntries([...orgMap.values()].map((v) => [v.text, v.why])),
    },
    setAside,
  };
}

/** Cleans and parses a document: headings, tasks, targets, statistics, formulations, cadences, names. */
export function parseDocument(input: string, options?: ParseOptions): ParsedDocument {
  const { doc, norm } = cleanWithMatchForm(input, options);
  return parseCleaned(doc, options, norm);
}

