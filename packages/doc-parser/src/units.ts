/** Units and deadline attached to a task. */
export interface UnitSpec {
  lead: string[];
  co: string[];
  deadline: string | null;
  /** The lead came from a bare 责任单位 label: beside a 牵头单位 given elsewhere, those units co-operate. */
  respOnly?: boolean;
}

const LEAD_LABEL = /^(?:牵头单位|牵头部门|主办单位|主责单位|牵头领导单位|牵头责任单位|主要责任单位|牵头责任部门)$/;
const RESP_LABEL = /^(?:责任单位|责任部门|责任主体|实施单位)$/;
const CO_LABEL = /^(?:配合单位|配合部门|协办单位|参与单位|协同单位|协助单位|承办单位|协同责任单位|配合责任单位|参与责任单位|协同责任部门)$/;
const TIME_LABEL = /^(?:完成时限|完成时间|时间节点|时限要求|办结时限|完成时限要求|时限|进度安排|完成期限|时间安排)$/;
const LABELS = /(?<![\u4e00-\u9fff])(牵头责任单位|主要责任单位|牵头责任部门|协同责任单位|配合责任单位|参与责任单位|协同责任部门|牵头负责领导|牵头单位|牵头部门|主办单位|主责单位|责任单位|责任部门|责任主体|实施单位|配合单位|配合部门|协办单位|参与单位|协同单位|协助单位|承办单位|完成时限要求|完成时限|完成时间|时间节点|时限要求|办结时限|完成期限|时间安排|进度安排|时限|责任领导|牵头领导|分管领导)(?:\s{0,2}[:]|\s{1,2})\s{0,2}/g;

/** True when the matching-form text starts with a unit or deadline label (牵头单位：…). */
export function startsWithUnitLabel(norm: string): boolean {
  return /^[【[(]?\s{0,2}(?:(?:牵头|主要|协同|配合|参与)责任(?:单位|部门)|(?:牵头)?负责领导|牵头单位|牵头部门|主办单位|主责单位|责任单位|责任部门|责任主体|配合单位|配合部门|协办单位|参与单位|协同单位|完成时限|完成时间|时间节点|时限要求|办结时限)\s{0,2}[:]/.test(norm);
}

/** True when the matching-form text names units (labels, 牵头, 配合) and so annotates a task. */
export function mentionsUnits(norm: string): boolean {
  return /牵头|配合|责任单位|责任部门|协办|参与单位|完成时限|时间节点/.test(norm);
}

const UNIT_END = /(?:[(][^)]{1,6}[)]|专班|委|局|办|厅|院|部|处|室|会|府|司|行|所|队|站|团|心|区|县|市|镇|乡|村|街道|园|单位|门|组|社|馆|公司|集团|中心|银行|企业|机构|平台|系统|各地|校|台|科|股|团委|妇联|工会|总工会|残联|科协|侨联|法院|检察院|海关|税务|网|委员会)$/;
const NOT_UNIT = /要|加快|推进|推动|确保|完成|落实|开展|建立|实施|工作|任务|目标|[。!?]/;

/**
 * A clause that frames the action rather than states it (matching form): 以…为契机/为抓手, 围绕…,
 * 按照…, 坚持…, 在…基础上, 为了…; a title or a subject is looked for after such clauses.
 */
const FRAMING_CLAUSE = /^(?:以[^,;:]{1,50}为(?:契机|抓手|重点|引领|导向|目标|主线|核心|载体|突破口|牵引|指导|指引|统领|支撑|保障|基础|关键|切入点|着力点|中心|龙头|依托|动力|主体|平台)|(?:紧紧|始终|牢牢)?(?:围绕|按照|依照|遵照|对照|根据|依据|坚持|结合|立足|聚焦|紧扣|紧盯|着眼|针对|面对|面向|随着|借助|依托|本着|遵循|对标|瞄准|锚定|把握|秉持|通过)|为了?[^,;:]{2,40}$|在[^,;:]{1,40}(?:基础上|前提下|过程中|背景下|新起点上|关键时期))/;
// Who asked (matching form): 会议强调, 会议要求, 张市长在调研时指出. A clause with a modal (各区要明确) is the work itself.
const SPEAKER_CLAUSE = /^(?:会议|会上|本次会议|(?:(?!要|应当|必须)[^,:;。]){1,20}?)(?:强调|指出|要求|提出|明确|表示)$/;

/**
 * True for a clause that leads into the action without stating it: who asked (会议要求) or a
 * framing clause (以…为契机, 围绕…). The action, and the unit it is addressed to, follow it.
 */
export function isLeadInClause(clause: string): boolean {
  const c = clause.trim();
  return FRAMING_CLAUSE.test(c) || SPEAKER_CLAUSE.test(c);
}

const SUBJECT_END = /要|应当|必须|务必|负责|牵头(?!部门|单位)|须/;
// Collectives and role words (牵头单位 in 牵头单位负责…) are not units.
const COLLECTIVE = /^(?:各(?!(?:镇|乡|街道|街|乡镇|县|区|市|专班|工作组|指挥办|园区|开发区)(?:[(][^)]{1,6}[)])?$)|全|我|本|有关|相关|所有|其他|其它|上级|下级)|(?:干部|党员|群众|同志|人员|领导)$|^(?:牵头|责任|协同|配合|参与|主办|协办)(?:单位|部门)$/;
const LIST_MARKER = /^\s{0,2}(?:[(]?[一二三四五六七八九十\d]{1,3}[)、.]|[①-⑳]|[一二三四五六七八九十]是|第[一二三四五六七八九十]+[,、]?)\s{0,2}/;

/**
 * The units a deployment sentence is addressed to by its subject ("市教育局要…", "东城区、西城区要…",
 * "市发改委和市财政局负责…"): every name before the first 要/负责/牵头 must end like a body
 * (…局, …委, …区), and collectives (各地, 全市, 有关部门, 领导干部) are not units. Empty otherwise.
 */
export function subjectUnits(orig: string, norm: string): string[] {
  let from = LIST_MARKER.exec(norm)?.[0].length ?? 0;
  // The subject may follow who asked and framing clauses: 会议要求,东城区要… / 以…为契机,市发改委要….
  for (;;) {
    const end = norm.slice(from).search(/[,:;。]/);
    if (end < 0 || !isLeadInClause(norm.slice(from, from + end))) break;
    from += end + 1;
    while (from < norm.length && /\s/.test(norm[from] ?? '')) from++;
  }
  // The first 要/负责 after them (not one inside them: 会议要求).
  const m = SUBJECT_END.exec(norm.slice(from, from + 60));
  if (!m || m.index < 2) return [];
  const end = from + m.index;
  const prefix = norm.slice(from, end);
  const pieces = prefix.split(/[、,，]/).map((p) => p.trim());
  if (pieces.some((p) => p.length < 2 || COLLECTIVE.test(p) || !UNIT_END.test(p))) return [];
  const units = splitUnits(orig.slice(from, end), prefix, true);
  return units.length >= pieces.length ? units : [];
}

/** Splits a unit list on 、，；/ and 和/及/与 between unit names; drops 等 and 由. */
export function splitUnits(orig: string, norm: string, strict = false): string[] {
  const out: string[] = [];
  let start = 0;
  const push = (a: number, b: number): void => {
    let s = orig.slice(a, b);
    let n = norm.slice(a, b);
    const lead = /^[\s由请]+/.exec(n);
    if (lead) {
      s = s.slice(lead[0].length);
      n = n.slice(lead[0].length);
    }
    const tail = /(?:等单位|等部门|等|按职责分工负责|按职责负责|分别负责|负责|牵头|配合|参与|协助|协同|[\s【】[\]()]+)+$/.exec(n);
    if (tail) {
      // 各镇(街) keeps its own closing bracket; a bracket the note opened goes.
      const keep = tail[0].startsWith(')') && n.lastIndexOf('(') > n.lastIndexOf(')', n.length - tail[0].length - 1) ? 1 : 0;
      s = s.slice(0, s.length - tail[0].length + keep);
      n = n.slice(0, n.length - tail[0].length + keep);
    }
    s = s.trim();
    n = n.trim();
    if (n.length < 2 || n.length > 30 || NOT_UNIT.test(n)) return;
    // Without a label only names that end like a body (…局, …委, …街道) are trusted.
    if (strict && !UNIT_END.test(n)) return;
    // "市发改委和市财政局" is two units; "交通和运输局" is one.
    const joiner = /^(.{2,28}?)(?:和|及|与)(.{2,28})$/.exec(n);
    if (joiner && UNIT_END.test(joiner[1] ?? '') && UNIT_END.test(joiner[2] ?? '')) {
      const l = (joiner[1] ?? '').length;
      out.push(s.slice(0, l), s.slice(l + 1));
      return;
    }
    out.push(s);
  };
  for (let i = 0; i <= norm.length; i++) {
    const ch = i < norm.length ? norm[i] : ',';
    if (ch === '、' || ch === ',' || ch === ';' || ch === '/' || ch === '，' || ch === '；' || ch === ' ' || ch === '\t') {
      if (i > start) push(start, i);
      start = i + 1;
    }
  }
  return out;
}

const DEADLINE_PATTERNS: RegExp[] = [
  /(?:(?:到|至|于)?(?:\d{4}|[〇○零一二三四五六七八九]{4})年)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})日(?:前|之前|以前|止)/,
  /(?:(?:到|至|于)?(?:\d{4}|[〇○零一二三四五六七八九]{4})年)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:底|末|中旬|上旬|下旬)?(?:前|之前|以前)/,
  /(?:(?:到|至|于)?(?:\d{4}|[〇○零一二三四五六七八九]{4})年)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:底|末)/,
  /(?:(?:到|至|于)?(?:\d{4}|[〇○零一二三四五六七八九]{4})年)?(?:第?[一二三四1-4])季度(?:末|底)(?:前|之前)?|(?:(?:\d{4})年)?(?:第?[一二三四1-4])季度(?:前|之前|内)/,
  /(?:(?:到|至|于)?(?:\d{4}|[〇○零一二三四五六七八九]{4})年)?(?:上半年|下半年)(?:前|之前|内|末|底)/,
  /(?:(?:到|至|于)?(?:\d{4}|[〇○零一二三四五六七八九]{4}))年(?:底|末)(?:前|之前)?|(?:今年|年)(?:底|末)(?:前|之前)?|年内|当年/,
  /(?:到|至)(?:\d{4}|[〇○零一二三四五六七八九]{4})年/,
];
const OPEN_DEADLINE = /长期坚持|持续推进|长期推进|常态化推进|常态长效|持续开展|长期开展|持续实施|长期|常态化|每季度|每半年|每月|每年|每周|按季度|按月|定期|(?:\d{4}|[〇○零一二三四五六七八九]{4})年(?:内)?|(?:\d{4})\s{0,2}[-—~至到]\s{0,2}(?:\d{4})年/;

/** The literal deadline phrase in a sentence (年底前, 6月底前, 2024年6月30日前, 三季度末…), or null. */
export function findDeadline(orig: string, norm: string, allowOpen: boolean): string | null {
  let best: { at: number; len: number } | null = null;
  // Every dated pattern needs its 月, 季 or 年; most sentences have none, and the unanchored
  // patterns would otherwise be tried at every position.
  const hasMonth = norm.includes('月');
  const hasQuarter = norm.includes('季');
  const hasYear = norm.includes('年');
  if (!hasMonth && !hasQuarter && !hasYear && !allowOpen && !norm.includes('尽快') && !norm.includes('每周')) return null;
  for (let p = 0; p < DEADLINE_PATTERNS.length; p++) {
    if (!(p < 3 ? hasMonth : p === 3 ? hasQuarter : hasYear)) continue;
    const re = DEADLINE_PATTERNS[p]!;
    const m = re.exec(norm);
    if (!m) continue;
    // 每季度 is a rhythm, not a deadline.
    if (m.index > 0 && norm[m.index - 1] === '每') continue;
    if (!best || m.index < best.at || (m.index === best.at && m[0].length > best.len)) best = { at: m.index, len: m[0].length };
  }
  // 尽快印发 and a standing 每周二前 are deadlines wherever they stand.
  if (!best) {
    const m = /尽快|每周[一二三四五六日]前|每月(?:\d{1,2}|[一二三四五六七八九十]{1,3})日前/.exec(norm);
    if (m) best = { at: m.index, len: m[0].length };
  }
  if (!best && allowOpen) {
    const m = OPEN_DEADLINE.exec(norm);
    if (m) best = { at: m.index, len: m[0].length };
  }
  if (!best) return null;
  let at = best.at;
  let len = best.len;
  // "到2025年" keeps the 到; "于2024年底前" reads better without 于.
  if (norm[at] === '于') {
    at++;
    len--;
  }
  return orig.slice(at, at + len);
}

/** Parses a unit annotation ("牵头单位：A；配合单位：B、C；完成时限：年底前" or "A牵头，B配合"). */
export function parseUnitSpec(orig: string, norm: string): UnitSpec {
  const spec: UnitSpec = { lead: [], co: [], deadline: null };
  const labelled: Array<{ label: string; from: number; to: number }> = [];
  LABELS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = LABELS.exec(norm)) !== null) {
    const prev = labelled[labelled.length - 1];
    if (prev) prev.to = Math.min(prev.to, m.index);
    labelled.push({ label: m[1] ?? '', from: m.index + m[0].length, to: norm.length });
  }
  if (labelled.length > 0) {
    const hasLead = labelled.some((l) => LEAD_LABEL.test(l.label));
    for (const l of labelled) {
      // A value runs to the next label or to ; 】 ] ) 。.
      let to = l.from;
      while (to < l.to && !';】])。'.includes(norm[to] ?? '')) to++;
      const o = orig.slice(l.from, to);
      const n = norm.slice(l.from, to);
      if (TIME_LABEL.test(l.label)) {
        const v = o.trim().replace(/[,，、;；]+$/, '');
        if (v.length > 0 && spec.deadline === null) spec.deadline = v;
      } else if (LEAD_LABEL.test(l.label) || (RESP_LABEL.test(l.label) && !hasLead)) {
        spec.lead.push(...splitUnits(o, n));
        if (!hasLead) spec.respOnly = true;
      } else if (RESP_LABEL.test(l.label) || CO_LABEL.test(l.label)) {
        spec.co.push(...splitUnits(o, n));
      }
    }
    return spec;
  }
  // Unlabelled: clauses such as "市发改委牵头" / "由市发改委牵头" / "市财政局等配合".
  let start = 0;
  for (let i = 0; i <= norm.length; i++) {
    const ch = i < norm.length ? norm[i] : ';';
    if (ch !== ',' && ch !== ';' && ch !== '。' && ch !== '，') continue;
    const n = norm.slice(start, i).trim();
    const offset = start + (norm.slice(start, i).length - norm.slice(start, i).trimStart().length);
    const lead = /^(?:由)?(.{2,80}?)(?:牵头负责|牵头抓总|牵头|主抓|主办)(?:[,，]|$)/.exec(n) ?? /由(.{2,40}?)(?:牵头|负责|跟进|组织|承办|办理|统筹)/.exec(n);
    const co = /^(.{2,120}?)(?:等?(?:配合|协助|协同|参与|协办)|按职责分工负责|按职责负责|分别负责)$/.exec(n);
    if (lead && lead[1] !== undefined) {
      const at = offset + (lead.index ?? 0) + lead[0].indexOf(lead[1]);
      spec.lead.push(...splitUnits(orig.slice(at, at + lead[1].length), norm.slice(at, at + lead[1].length), true));
    } else if (co && co[1] !== undefined) {
      const at = offset;
      spec.co.push(...splitUnits(orig.slice(at, at + co[1].length), norm.slice(at, at + co[1].length), true));
    }
    start = i + 1;
  }
  return spec;
}

// What a unit does right after its name in a rules document: 县指挥办每周召开例会, 县指挥办周调度会后印发….
const ACTS_AFTER_UNIT = /^(?:每|周|月|季|年度|及时|定期|负责|牵头|召开|印发|执行|组织|开展|跟进|建立|制定|落实|督促|报送|应|须|将|会同|统筹|按照|根据)/;

/**
 * The unit a sentence of a plan or a rules document opens with, when an action follows it
 * (县指挥办每周召开一次例会 → 县指挥办); empty otherwise. Collectives (各地, 有关部门) are not units.
 */
export function openingUnits(orig: string, norm: string): string[] {
  const from = LIST_MARKER.exec(norm)?.[0].length ?? 0;
  for (let end = from + 2; end <= Math.min(norm.length, from + 20); end++) {
    const name = norm.slice(from, end);
    if (/[,:;。、\s]/.test(name)) return [];
    if (!UNIT_END.test(name) || COLLECTIVE.test(name)) continue;
    if (!ACTS_AFTER_UNIT.test(norm.slice(end, end + 4))) continue;
    return splitUnits(orig.slice(from, end), name, true);
  }
  return [];
}
