import type { NonTaskReason } from './types.ts';
import { findDeadline, mentionsUnits, parseUnitSpec, type UnitSpec } from './units.ts';

const PAST = /以来|已经|去年|上年|过去[一二三四五六七八九十\d几]{0,2}年|近[一二三四五六七八九十\d几]{1,2}年|近年来|先后|累计|荣获|获评|获得了|取得了|实现了|完成了|达到了|作出了|进行了|已(?:圆满|顺利|完成|实现|建成|达到|取得|累计|形成|成为|获得|开展|落实|基本|全面|连续|有)/;
// 要 as a modal verb, not inside a word (重要, 主要, 要求, 要素).
const YAO = '(?<![重主需必只首紧纲摘提扼机简政想不])要(?![求素点害闻件是么])';
// The modals that ask for something to be done.
const ASKS = `${YAO}|必须|务必|确保|力争|应当|不得|严禁`;
const STRONG = new RegExp(`${ASKS}|切实|着力|全力|坚决|争取|务求|抓好|抓紧|狠抓|扎实|加快|进一步|大力|积极|努力|务实推进`, 'g');
const WEAK_START = /^(?:推进|推动|统筹|强化|完善|深化|持续|坚持|实施|落实|建立|健全|打造|加强|提升|优化|构建|开展|做好|提高|促进|加大|深入|全面|聚焦|围绕|实行|建设|培育|引导|支持|保障|严格|规范|防范|推广|探索|巩固|拓展|筑牢|织密|压实|夯实|提速|稳步|有序|扩大|组织|制定|出台|编制|启动|力促|谋划|抓|办好|用好|建好|管好|守好|稳定|激发|发挥|增强|树立|营造|凝聚|弘扬|突出|瞄准|锚定|主动|厚植|系统推进|纵深推进|重点)/;
const DESCRIPTIVE = /是[^,;。]{0,40}的(?:要求|关键|基础|前提|保障|根本|必然|重要|核心|体现|所在)/;

/** True for a deployment sentence (要/必须/加快/推进……) rather than description or past achievement. */
export function isTaskSentence(norm: string): boolean {
  if (norm.length < 6 || norm.length > 1000) return false;
  if (/[?]\s*$/.test(norm)) return false;
  if (PAST.test(norm)) return false;
  if (DESCRIPTIVE.test(norm)) return false;
  STRONG.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = STRONG.exec(norm)) !== null) {
    // 必须跨越的关口 / 要求的是什么: the modal is inside an attribute, not a directive.
    const after = norm.slice(m.index + m[0].length, m.index + m[0].length + 4);
    if (!after.includes('的')) return true;
  }
  // Otherwise a directive verb has to open the sentence or one of its first clauses.
  let start = 0;
  for (let clause = 0; clause < 3 && start < norm.length; clause++) {
    const rest = norm.slice(start).replace(/^[\s“"]+/, '');
    if (WEAK_START.test(rest)) return true;
    const next = norm.slice(start).search(/[,:]/);
    if (next < 0) break;
    start += next + 1;
  }
  return false;
}


// Someone other than the meeting is quoted: 总书记强调, 孙市长在调研时指出, 他表示. A meeting's own
// 会议强调/会议要求 and any 要求/部署/明确 assign work and are not quotes.
const MEETING = '会议|会上|本次会议|会议上|大会|全会|常务会|办公会';
const QUOTE = new RegExp(String.raw`^(?:[^,:;。]{0,40}?)(?<!${MEETING})(?:曾经|曾|多次|反复|再次|进一步|深刻|明确|也|还|又|在讲话中|在会上|在会议上)?(?:强调|指出|表示|认为|谈到|讲到|坦言|寄语|所说)(?:的那样|的)?[,:]`);
const AUTHORITY = /总书记|主席|总理|党中央|中央|国务院|习近平|马克思|毛泽东|邓小平|古人|有句话|俗话/;
const MEETING_SPEAKER = new RegExp(`^(?:${MEETING})`);
// Bridges and reflections: 这就需要我们…, 这就要求…, 我们要清醒地看到…, 必须认识到…
const RHETORIC = /^(?:这|此|这些|这一切|这也|这就|这更)(?:就|也|更|都)?(?:需要|要求|意味着|决定了|说明)|(?:清醒|深刻|充分|清楚)地?(?:看到|认识到|意识到)|(?:必须|应当|要|更要)(?:看到|认识到)(?!位)/;
// The speech announcing its own structure: 下面,围绕…,我讲几点意见 / 我再强调三点.
const FRAMING = /^(?:今天|这次|此次|本次)[^。]{0,60}(?:会议|会)[^。]{0,10}(?:的)?(?:主要任务|主要目的|目的|任务|主题)(?:是|就是)|(?:讲|谈|说|强调|提|明确)(?:几|[一二三四五六七八九十两]|以下)(?:点|个方面|个问题|条)(?:意见|看法|要求|想法|体会)?|(?:意见|要求)如下/;
// Sending the document itself: 现将《…》印发给你们,请认真贯彻执行.
const TRANSMITTAL = /印发给你们|转发给你们|现(?:予)?印发|现将[^。;]{0,80}(?:印发|转发|下发|通知如下)/;
// Purpose and basis of the document itself (为…,制定本办法) and the guiding-thought paragraph.
const PREAMBLE = /(?:制定本|特制定|现制定|制订本|特制订|制定如下|特作如下|特提出如下|现提出如下)|^以[^,;。]{2,60}为(?:指导|指引|统领)/;
// Describes why work matters rather than assigning it: X是…之年 / 既是…也是… / 是…的迫切需要.
const DESCRIPTION = /(?:既是|是|为)[^,;。]{0,60}(?:之年|的一年|迫切需要|必然要求|必然选择|必由之路|重要举措|冲锋号|动员令|再动员|集结号|主战场|试金石|必答题)|既是[^。;]{0,100}也是/;
// How a state changes: 进一步形成, 不断加大.
const CHANGE = '(?:进一步|不断|持续|明显|显著|逐步|初步|基本|有效|全面)';
// States a result: 全员参与的格局进一步形成 / 组织力度不断加大 / 说明产业结构进一步优化.
const RESULT_END = new RegExp(String.raw`${CHANGE}(?:形成|加大|提升|提高|增强|优化|完善|改善|加强|扩大|巩固|凸显|健全|落实|得到[^,;。]{1,6}|到位)[。;!]?$`);
const RESULT_CAUSE = /^(?:推动|推进|促进|促使|使|让|确保|力争|实现|要|必须|加快|以|努力|着力|助推|带动|力促|进一步)/;
const RESULT_SUBJECT = new RegExp(`(?:力度|格局|水平|能力|成效|机制|体系|氛围|作用|质量|效率|效能|结构|环境|意识|基础|态势|局面)${CHANGE}`);
const MODAL = new RegExp(ASKS);

/**
 * Why a task-like sentence assigns nothing, or null when it may be a task: a quote of someone's
 * words (…强调/指出), a rhetorical bridge (这就需要我们), the speech's own framing (下面我讲几点意见),
 * the transmittal or purpose of the document, a description of significance, or a stated result.
 * Sentences naming units or a deadline are judged by the caller (they assign something).
 */
export function nonTaskReason(norm: string): NonTaskReason | null {
  const s = norm.replace(/^[\s“"‘'「]+/, '');
  if (TRANSMITTAL.test(s)) return 'transmittal';
  if (PREAMBLE.test(s)) return 'preamble';
  if (FRAMING.test(s) && !/(?:要求|负责|牵头)[^。]{0,10}(?:于|在)[^。]{0,10}(?:前|底)/.test(s)) return 'framing';
  if (RHETORIC.test(s)) return 'rhetoric';
  const q = MEETING_SPEAKER.test(s) ? null : QUOTE.exec(s);
  if (q) {
    // Higher authority, or words said before (曾指出, 在…时强调), are cited; the leader at the
    // meeting who says 要… is deploying, the one who only comments is quoted.
    const cited = AUTHORITY.test(q[0]) || /曾|多次|反复|所说|时(?:强调|指出)|那样/.test(q[0]);
    if (cited || !MODAL.test(s.slice(q[0].length).split(/[,;:]/)[0] ?? '')) return 'quote';
  }
  // The significance stated in the opening clauses, with nothing asked before it.
  const d = DESCRIPTION.exec(s);
  if (d && d.index <= 80 && !MODAL.test(s.slice(0, d.index)) && s.slice(0, d.index).split(',').length <= 2) return 'description';
  const clauses = s.split(/[,;:]/);
  const last = (clauses[clauses.length - 1] ?? '').trim() || (clauses[clauses.length - 2] ?? '').trim();
  // A subject stated before the result (格局进一步形成, 力度不断加大), not a verb causing it (推动…进一步优化).
  if (RESULT_END.test(last) && !RESULT_CAUSE.test(last) && !MODAL.test(s) && (RESULT_SUBJECT.test(last) || !WEAK_START.test(last))) return 'result';
  return null;
}

const OPEN_ONLY = /^(?:长期坚持|持续推进|长期推进|常态化推进|持续开展|长期开展|持续实施|长期|常态化)[。;!]?$/;

/**
 * Units and deadline stated in a sentence: bracketed notes （市发改委牵头，市财政局配合）/【牵头单位：…】,
 * 由…牵头 clauses, and a deadline phrase; the open phrases (长期坚持, 持续推进) only in notes or as the last clause.
 */
export function sentenceSpec(orig: string, norm: string): UnitSpec {
  const spec: UnitSpec = { lead: [], co: [], deadline: null };
  let masked = norm;
  const pairs: Record<string, string> = { '(': ')', '【': '】', '[': ']', '〔': '〕' };
  const hasNote = /[(【[〔]/.test(norm);
  for (let i = 0; hasNote && i < norm.length; i++) {
    const close = pairs[norm[i] ?? ''];
    if (!close) continue;
    const rel = norm.slice(i + 1, i + 161).indexOf(close);
    if (rel < 0) continue;
    const j = i + 1 + rel;
    const inner = norm.slice(i + 1, j);
    const innerOrig = orig.slice(i + 1, j);
    const unitNote = mentionsUnits(inner);
    const d = findDeadline(innerOrig, inner, true);
    if (unitNote) {
      const s = parseUnitSpec(innerOrig, inner);
      spec.lead.push(...s.lead);
      spec.co.push(...s.co);
      if (!spec.deadline && s.deadline) spec.deadline = s.deadline;
    }
    if (!spec.deadline && d && (unitNote || inner.length <= 20)) spec.deadline = d;
    if (unitNote || d) masked = masked.slice(0, i) + ' '.repeat(j - i + 1) + masked.slice(j + 1);
    i = j;
  }
  if (spec.lead.length === 0 && spec.co.length === 0 && (/牵头|配合|协助|协同/.test(masked) || BY_UNIT.test(masked))) {
    const s = parseUnitSpec(orig, masked);
    spec.lead.push(...s.lead);
    spec.co.push(...s.co);
  }
  if (!spec.deadline) spec.deadline = findDeadline(orig, masked, false);
  if (!spec.deadline) {
    const lastComma = Math.max(masked.lastIndexOf(','), masked.lastIndexOf('，'));
    if (lastComma > 0) {
      const tail = masked.slice(lastComma + 1).trim();
      if (OPEN_ONLY.test(tail)) {
        const at = masked.indexOf(tail, lastComma + 1);
        spec.deadline = orig.slice(at, at + tail.replace(/[。;!]$/, '').length);
      }
    }
  }
  return spec;
}

// 由综合协调组跟进落实: the unit named after 由 carries the work.
export const BY_UNIT = /由[^,;。由]{2,20}?(?:牵头|负责|跟进|组织|承办|办理|统筹)/;

/** Merges a later annotation (a 牵头单位 line, a trailing bracket) into a task's spec. */
export function mergeSpec(into: UnitSpec, add: UnitSpec): void {
  // 牵头单位：A；责任单位：B — B works with A, it does not lead.
  if (add.respOnly && into.lead.length > 0 && !into.respOnly) {
    for (const u of add.lead) if (!into.co.includes(u) && !into.lead.includes(u)) into.co.push(u);
  } else for (const u of add.lead) if (!into.lead.includes(u)) into.lead.push(u);
  if (into.lead.length === add.lead.length && add.respOnly) into.respOnly = true;
  for (const u of add.co) if (!into.co.includes(u) && !into.lead.includes(u)) into.co.push(u);
  if (!into.deadline && add.deadline) into.deadline = add.deadline;
}

/** A table's column roles, recognised from a header row of a task-division table. */
export type ColumnRole = 'index' | 'task' | 'lead' | 'co' | 'deadline' | 'category' | 'other';

/** Splits a table row into cells (tabs, then |, then runs of 2+ spaces); offsets relative to the row. */
export function splitCells(row: string): Array<{ at: number; len: number }> {
  const cells: Array<{ at: number; len: number }> = [];
  let sep: RegExp;
  if (row.includes('\t')) sep = /\t/g;
  else if (row.includes('|') || row.includes('｜')) sep = /[|｜]/g;
  else sep = /[ \u3000\u00a0]{2,}/g;
  let start = 0;
  const push = (a: number, b: number): void => {
    let x = a;
    let y = b;
    while (x < y && /[ \u3000\u00a0]/.test(row[x] ?? '')) x++;
    while (y > x && /[ \u3000\u00a0]/.test(row[y - 1] ?? '')) y--;
    cells.push({ at: x, len: y - x });
  };
  let m: RegExpExecArray | null;
  while ((m = sep.exec(row)) !== null) {
    push(start, m.index);
    start = m.index + m[0].length;
  }
  push(start, row.length);
  // Leading and trailing empty cells come from framing pipes, not columns.
  while (cells.length > 0 && cells[0]?.len === 0) cells.shift();
  while (cells.length > 0 && cells[cells.length - 1]?.len === 0) cells.pop();
  return cells;
}

/** Column roles when `cells` of the matching form are a task table header, else null. */
export function tableHeader(norm: string, cells: Array<{ at: number; len: number }>): ColumnRole[] | null {
  if (cells.length < 2) return null;
  const names = cells.map((c) => norm.slice(c.at, c.at + c.len).replace(/\s/g, ''));
  const hasLeadCol = names.some((n) => /牵头/.test(n));
  const roles: ColumnRole[] = names.map((n): ColumnRole => {
    if (n.length > 12) return 'other';
    if (/^(?:序号|编号|序)$/.test(n)) return 'index';
    if (/牵头|主办|主责/.test(n)) return 'lead';
    if (/配合|协办|参与|协同/.test(n)) return 'co';
    if (/责任单位|责任部门|责任主体|实施单位/.test(n)) return hasLeadCol ? 'co' : 'lead';
    if (/时限|时间|节点|期限|进度/.test(n)) return 'deadline';
    if (/任务|内容|措施|事项|举措|工作|要求|目标/.test(n)) return 'task';
    if (/类别|领域|板块|分类|类型|项目类/.test(n)) return 'category';
    return 'other';
  });
  const taskCount = roles.filter((r) => r === 'task').length;
  if (taskCount === 0) return null;
  if (!roles.some((r) => r === 'lead' || r === 'co' || r === 'deadline')) return null;
  // Several task-like columns (重点任务 | 具体措施): the last one holds the actionable text.
  if (taskCount > 1) {
    const seen = roles.lastIndexOf('task');
    for (let k = 0; k < roles.length; k++) if (roles[k] === 'task' && k !== seen) roles[k] = 'category';
  }
  return roles;
}

/** Maps a row's cells to header roles; short rows align from the right (merged leading cells). */
export function mapRow(roles: ColumnRole[], cells: Array<{ at: number; len: number }>): Map<ColumnRole, Array<{ at: number; len: number }>> {
  const out = new Map<ColumnRole, Array<{ at: number; len: number }>>();
  const add = (r: ColumnRole, c: { at: number; len: number }): void => {
    const list = out.get(r) ?? [];
    list.push(c);
    out.set(r, list);
  };
  if (cells.length === roles.length) {
    cells.forEach((c, k) => add(roles[k] ?? 'other', c));
  } else if (cells.length < roles.length) {
    const shift = roles.length - cells.length;
    cells.forEach((c, k) => add(roles[k + shift] ?? 'other', c));
  } else {
    // Extra cells (a task text with wide spaces): everything between the fixed columns is the task.
    const t = roles.indexOf('task');
    const tail = roles.length - 1 - t;
    cells.forEach((c, k) => {
      if (k < t) add(roles[k] ?? 'other', c);
      else if (k >= cells.length - tail) add(roles[roles.length - (cells.length - k)] ?? 'other', c);
      else add('task', c);
    });
  }
  return out;
}
