import { DEADLINE_REQUIRED_MESSAGE, LIMITS, searchKey } from '@luoshi/shared';
import { isValidDate } from './working-days.ts';

/** An org unit as the division table sees it. */
export interface UnitRef {
  id: string;
  name: string;
  shortName: string | null;
}

// ————————————————————————————————————————— unit names —————————————————————————————————————————

/**
 * Department names that mean the same office, full form first. A table written by a district may
 * say 发改委 where the unit is registered as 发展和改革委员会, or 教体局 where a city says 教育局;
 * a jurisdiction has only one office of each kind, so treating a group as one is safe once the
 * level prefix (市/区/县 …) has been compared separately.
 */
const DEPARTMENT_ALIASES: string[][] = [
  ['发展和改革委员会', '发展改革委员会', '发展改革委', '发改委'],
  ['发展和改革局', '发展改革局', '发改局'],
  ['工业和信息化局', '工业信息化局', '工信局'],
  ['经济和信息化局', '经济信息化局', '经信局'],
  ['住房和城乡建设局', '住房城乡建设局', '住建局'],
  ['住房和城乡建设委员会', '住房城乡建设委员会', '住建委'],
  ['自然资源和规划局', '自然资源规划局', '资规局'],
  ['自然资源局', '国土资源局', '国土局'],
  ['卫生健康委员会', '卫生和健康委员会', '卫生健康委', '卫健委', '卫生健康局', '卫健局'],
  ['市场监督管理局', '市场监管局'],
  ['人力资源和社会保障局', '人力资源社会保障局', '人社局'],
  ['生态环境局', '环境保护局', '环保局'],
  ['交通运输局', '交通局', '交运局'],
  ['教育局', '教育和体育局', '教育体育局', '教体局'],
  ['财政局'],
  ['商务局'],
  ['民政局'],
  ['公安局'],
  ['司法局'],
  ['审计局'],
  ['统计局'],
  ['林业局', '林业和草原局', '林草局'],
  ['水利局', '水务局'],
  ['科学技术局', '科技局'],
  ['应急管理局', '应急局'],
  ['城市管理局', '城市管理综合行政执法局', '城市管理和综合执法局', '城管执法局', '城管局'],
  ['农业农村局', '农业农村委员会', '农业局', '农委'],
  ['文化和旅游局', '文化旅游局', '文化广电和旅游局', '文化广电旅游局', '文旅局', '文广旅局'],
  ['行政审批服务局', '行政审批局', '审批局', '审批服务局'],
  ['大数据管理局', '大数据局', '数据资源管理局', '数据局'],
  ['退役军人事务局', '退役军人局'],
  ['医疗保障局', '医保局'],
  ['国有资产监督管理委员会', '国资委'],
  ['信访局'],
  ['粮食和物资储备局', '粮储局'],
  ['机关事务管理局', '机关事务局', '机关事务服务中心'],
  ['体育局'],
  ['投资促进局', '投促局'],
  ['地方金融监督管理局', '金融工作办公室', '金融局', '金融办'],
  ['乡村振兴局'],
  ['住房公积金管理中心', '公积金中心'],
  ['人民政府办公室', '政府办公室', '政府办'],
  // Party organs carry the 委 of 市委/区委 after the level prefix.
  ['委办公室', '委办'],
  ['委组织部', '组织部'],
  ['委宣传部', '宣传部'],
  ['委统战部', '委统一战线工作部', '统战部'],
  ['委政法委员会', '委政法委', '政法委'],
  ['纪委监委', '纪律检查委员会', '纪委'],
  ['委机构编制委员会办公室', '机构编制委员会办公室', '委编办', '编办'],
  ['外事办公室', '外办'],
  ['台湾事务办公室', '台办'],
  ['妇女联合会', '妇联'],
  ['残疾人联合会', '残联'],
  ['科学技术协会', '科协'],
  ['工商业联合会', '工商联'],
  ['总工会'],
];

/** alias → group id (the group's full form); longest aliases first so 城管执法局 beats 执法局. */
const ALIASES: [string, string][] = DEPARTMENT_ALIASES.flatMap((g) => g.map((a) => [a, g[0]!] as [string, string])).sort((a, b) => b[0].length - a[0].length);

const LEVEL_CHARS = '省市区县旗盟州';

/** Whether the level character at i really ends a place name (not the 市 of 市场 or 城市). */
function isLevelAt(s: string, i: number): boolean {
  const c = s[i]!;
  if (!LEVEL_CHARS.includes(c)) return false;
  const prev = s[i - 1] ?? '';
  const next = s[i + 1] ?? '';
  if (c === '市' && (next === '场' || (prev !== '' && '城都超'.includes(prev)))) return false;
  if (c === '区' && prev === '社') return false;
  return true;
}

/**
 * Splits a normalised name into its place prefix ('市', '东城区', 'xx市东城区', or '') and the
 * department core, with the core reduced to its alias group when it is a known department.
 */
function splitName(key: string): { prefix: string; core: string } {
  for (const [alias, group] of ALIASES) {
    if (key.endsWith(alias) && key.length >= alias.length) return { prefix: key.slice(0, key.length - alias.length), core: group };
  }
  // Unknown departments: the prefix runs to the first real level character, extended over
  // directly following place names ('xx市' + '东城区'), which are 1–3 characters long.
  let end = -1;
  for (let i = 0; i < key.length - 1; i++) {
    if (isLevelAt(key, i)) {
      end = i;
      break;
    }
  }
  if (end < 0) return { prefix: '', core: key };
  for (;;) {
    let next = -1;
    for (let j = end + 2; j <= end + 4 && j < key.length - 1; j++) {
      if (isLevelAt(key, j)) {
        next = j;
        break;
      }
    }
    if (next < 0) break;
    end = next;
  }
  return { prefix: key.slice(0, end + 1), core: key.slice(end + 1) };
}

/** The matching form of a unit name: Simplified, half-width, lower case, without spaces. */
function nameKey(name: string): string {
  return searchKey(name).replace(/\s+/g, '');
}

/** Two place prefixes can name the same place: equal, one omitted, or one a tail of the other. */
function prefixesCompatible(a: string, b: string): boolean {
  return a === '' || b === '' || a.endsWith(b) || b.endsWith(a);
}

interface UnitIndex {
  byName: Map<string, UnitRef[]>;
  byShortName: Map<string, UnitRef[]>;
  byKey: Map<string, UnitRef[]>;
  byCore: Map<string, { unit: UnitRef; prefix: string }[]>;
}

// Building the index normalises every unit once; a table of 500 rows against a province's units
// would otherwise normalise the whole org tree for every name in it.
const indexes = new WeakMap<UnitRef[], UnitIndex>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function indexOf(units: UnitRef[]): UnitIndex {
  let idx = indexes.get(units);
  if (idx) return idx;
  idx = { byName: new Map(), byShortName: new Map(), byKey: new Map(), byCore: new Map() };
  for (const u of units) {
    push(idx.byName, u.name.trim(), u);
    if (u.shortName) push(idx.byShortName, u.shortName.trim(), u);
    for (const n of u.shortName ? [u.name, u.shortName] : [u.name]) {
      const key = nameKey(n);
      push(idx.byKey, key, u);
      const { prefix, core } = splitName(key);
      push(idx.byCore, core, { unit: u, prefix });
    }
  }
  indexes.set(units, idx);
  return idx;
}

function unique(list: UnitRef[]): UnitRef[] {
  return [...new Set(list)];
}

/**
 * Finds the unit a table means by `name`: exact name, exact short name, normalised equality
 * (Traditional/Simplified, full/half width), then known abbreviations with the level prefix
 * compared exactly and then loosely ('市发改委' → '市发展和改革委员会'; '财政局' alone matches
 * every 财政局). The first step that finds anything decides; when it finds several units, `unit`
 * is null and `candidates` lists them.
 */
export function matchUnit(name: string, units: UnitRef[]): { unit: UnitRef | null; candidates: UnitRef[] } {
  const idx = indexOf(units);
  const trimmed = name.trim();
  const key = nameKey(trimmed);
  const { prefix, core } = splitName(key);
  const byCore = idx.byCore.get(core) ?? [];
  const steps: (() => UnitRef[])[] = [
    () => idx.byName.get(trimmed) ?? [],
    () => idx.byShortName.get(trimmed) ?? [],
    () => idx.byKey.get(key) ?? [],
    () => byCore.filter((c) => c.prefix === prefix).map((c) => c.unit),
    () => byCore.filter((c) => prefixesCompatible(c.prefix, prefix)).map((c) => c.unit),
  ];
  for (const step of steps) {
    const found = unique(step());
    if (found.length === 1) return { unit: found[0]!, candidates: found };
    if (found.length > 1) return { unit: null, candidates: found };
  }
  return { unit: null, candidates: [] };
}

// ——————————————————————————————————————————— deadlines ———————————————————————————————————————————

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 1–99 written in digits or Chinese numerals (十二, 二十五, 三十一). */
function numeral(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const ten = text.indexOf('十');
  if (ten < 0) return CN_DIGITS[text] ?? NaN;
  const tens = ten === 0 ? 1 : (CN_DIGITS[text.slice(0, ten)] ?? NaN);
  const ones = ten === text.length - 1 ? 0 : (CN_DIGITS[text.slice(ten + 1)] ?? NaN);
  return tens * 10 + ones;
}

/** A year in digits, in Chinese digits (二〇二四), or relative (今/本/当 = this year, 明/次 = next). */
function yearOf(text: string | undefined, thisYear: number): number {
  if (text === undefined) return thisYear;
  if (/^\d{4}$/.test(text)) return Number(text);
  if ('今本当'.includes(text)) return thisYear;
  if ('明次'.includes(text)) return thisYear + 1;
  return Number([...text].map((c) => CN_DIGITS[c] ?? NaN).join(''));
}

function ymd(year: number, month: number, day: number): string | null {
  // A year no one plans in (0050, 1000, 3000) is a slip, read as no date like any other.
  if (year < LIMITS.dateYearMin || year > LIMITS.dateYearMax) return null;
  const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isValidDate(date) ? date : null;
}

function monthEnd(year: number, month: number): string | null {
  if (!(month >= 1 && month <= 12)) return null;
  return ymd(year, month, new Date(Date.UTC(year, month, 0)).getUTCDate());
}

/** The day a part of a month ends: 上旬 the 10th, 中旬 the 20th, otherwise the month's last day. */
function monthPart(year: number, month: number, part: string | undefined): string | null {
  if (part === '上旬') return ymd(year, month, 10);
  if (part === '中旬') return ymd(year, month, 20);
  return monthEnd(year, month);
}

const NUM = '(\\d{1,2}|[一二三四五六七八九十]{1,3})';
const YEAR = '(\\d{4}|[〇零一二三四五六七八九]{4}|[今本当明次])年';
const PART = '(上旬|中旬|下旬|底|末|份)?';

/**
 * Date phrases, most specific first; each match is blanked out before the next pattern runs, so
 * "2024年6月30日" is not read again as "6月30日" of this year.
 */
const DATE_PATTERNS: { re: RegExp; date: (m: RegExpExecArray, y: number) => string | null }[] = [
  { re: /(\d{4})[-./](\d{1,2})[-./](\d{1,2})/g, date: (m) => ymd(Number(m[1]), Number(m[2]), Number(m[3])) },
  { re: /(\d{4})[-./](\d{1,2})(?!\d)/g, date: (m) => monthEnd(Number(m[1]), Number(m[2])) },
  { re: new RegExp(`${YEAR}${NUM}月${NUM}[日号]`, 'g'), date: (m, y) => ymd(yearOf(m[1], y), numeral(m[2]!), numeral(m[3]!)) },
  { re: new RegExp(`${YEAR}${NUM}月${PART}`, 'g'), date: (m, y) => monthPart(yearOf(m[1], y), numeral(m[2]!), m[3]) },
  { re: new RegExp(`${YEAR}第?([一二三四1-4])季度`, 'g'), date: (m, y) => monthEnd(yearOf(m[1], y), numeral(m[2]!) * 3) },
  { re: new RegExp(`${YEAR}(上半年|年中|下半年)`, 'g'), date: (m, y) => (m[2] === '下半年' ? ymd(yearOf(m[1], y), 12, 31) : ymd(yearOf(m[1], y), 6, 30)) },
  { re: new RegExp(`${YEAR}`, 'g'), date: (m, y) => ymd(yearOf(m[1], y), 12, 31) },
  { re: new RegExp(`${NUM}月${NUM}[日号]`, 'g'), date: (m, y) => ymd(y, numeral(m[1]!), numeral(m[2]!)) },
  { re: new RegExp(`(?<!每)${NUM}月${PART}`, 'g'), date: (m, y) => monthPart(y, numeral(m[1]!), m[2]) },
  { re: /(?<!每)第?([一二三四1-4])季度/g, date: (m, y) => monthEnd(y, numeral(m[1]!) * 3) },
  // Not after a count or 每: '三年内' is a span and '每年度' a rhythm, neither this year's end.
  { re: /上半年|(?<![每\d一二三四五六七八九十两几])年中/g, date: (_m, y) => ymd(y, 6, 30) },
  { re: /下半年|(?<![每\d一二三四五六七八九十两几])(?:年底|年末|年内|全年|年度)/g, date: (_m, y) => ymd(y, 12, 31) },
];

const RECURRING: { re: RegExp; value: 'ongoing' | 'monthly' | 'quarterly' | 'yearly' }[] = [
  { re: /每月|逐月|按月/, value: 'monthly' },
  { re: /每季|逐季|按季/, value: 'quarterly' },
  { re: /每年|逐年|按年/, value: 'yearly' },
  { re: /长期|持续|常态|久久为功|经常性/, value: 'ongoing' },
];

/**
 * Reads a deadline as tables write it: '2024年6月30日', '2024.6.30', '6月底前', '十二月底',
 * '三季度末', '上半年', '年底前', '长期坚持', '每月'. Years left out mean `today`'s year, even when
 * the date has passed (the caller warns). Several dates in one cell ('3月底前出台方案,年底前完成')
 * give the latest. Unrecognised text gives null.
 */
export function parseDeadline(text: string, today: string): { date: string | null; text: string; recurring: 'ongoing' | 'monthly' | 'quarterly' | 'yearly' | null } | null {
  const original = text.trim();
  if (!original) return null;
  const thisYear = Number(today.slice(0, 4));
  let rest = searchKey(original).replace(/\s+/g, '');
  let latest: string | null = null;
  for (const { re, date } of DATE_PATTERNS) {
    rest = rest.replace(re, (...args) => {
      const found = date(args as unknown as RegExpExecArray, thisYear);
      if (found && (latest === null || found > latest)) latest = found;
      return ' '.repeat(String(args[0]).length);
    });
  }
  const recurring = RECURRING.find((r) => r.re.test(rest))?.value ?? null;
  if (latest === null && recurring === null) return null;
  return { date: latest, text: original, recurring };
}

// ——————————————————————————————————————————— the table ———————————————————————————————————————————

/** One task read from a division table, with its units matched. */
export interface DivisionRow {
  row: number;
  seq: string;
  title: string;
  content: string;
  leadUnits: UnitRef[];
  coUnits: UnitRef[];
  deadline: string | null;
  deadlineText: string;
  /** 长期坚持 (or another standing phrase) instead of a date. */
  longTerm: boolean;
  /** The 任务编号 of a row exported from Luoshi (a task's id), when the table has that column. */
  number?: string;
  /** Names in the 责任领导 column, when the table has one. */
  leaders?: string[];
}

type Role = 'seq' | 'task' | 'content' | 'lead' | 'responsible' | 'co' | 'deadline' | 'leaders' | 'number';

/** Header names by role. 任务 columns are short titles, 内容/措施 columns the long text. */
const HEADERS: Record<Role, string[]> = {
  seq: ['序号', '编号'],
  task: ['任务', '工作任务', '重点任务', '主要任务', '任务名称', '重点工作', '工作事项', '任务事项'],
  content: ['工作内容', '任务内容', '具体任务', '具体措施', '工作措施', '主要措施', '具体内容', '工作举措', '任务举措', '目标任务', '主要内容'],
  lead: ['牵头单位', '牵头部门', '牵头责任单位', '主责单位', '牵头领导单位'],
  responsible: ['责任单位', '责任部门', '承办单位'],
  co: ['配合单位', '参与单位', '协办单位', '配合部门', '协同单位', '协助单位'],
  deadline: ['完成时限', '时间节点', '完成时间', '时限要求', '完成期限', '办结时限', '时限'],
  leaders: ['责任领导', '分管领导', '牵头领导', '责任市领导', '责任区领导', '责任县领导'],
  number: ['任务编号'],
};

function headerKey(cell: string): string {
  // '完成时限(2024年)' and '牵头 单位:' are the same headers.
  return searchKey(cell).replace(/\s+/g, '').replace(/\([^)]*\)/g, '').replace(/[:：]$/, '');
}

function roleOf(cell: string): Role | null {
  const key = headerKey(cell);
  for (const [role, names] of Object.entries(HEADERS) as [Role, string[]][]) if (names.includes(key)) return role;
  return null;
}

/** Splits a units cell on 、，,；;/ new lines and spaces, except inside brackets: 各县(市、区) stays whole. */
function splitUnits(cell: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of cell) {
    if (c === '(' || c === '（') depth++;
    if ((c === ')' || c === '）') && depth > 0) depth--;
    if (depth === 0 && /[、，,；;/／\s]/.test(c)) {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

const LEAD_MARK = /[(（]\s*(?:牵头|牵头单位|主责)\s*[)）]|牵头$/;
const CO_MARK = /[(（]\s*(?:配合|配合单位|协办|参与)\s*[)）]/;

/** A cell's unit names, stripped of numbering, (牵头)/(配合) markers and a trailing 等. */
function unitNames(cell: string): { name: string; lead: boolean }[] {
  return splitUnits(cell)
    .map((raw) => {
      const lead = LEAD_MARK.test(raw);
      const name = raw
        .replace(LEAD_MARK, '')
        .replace(CO_MARK, '')
        .replace(/^(?:\d+[.、．)）]|[①-⑳])/, '')
        .replace(/等(?:有关|相关)?(?:单位|部门)?$/, '')
        .trim();
      return { name, lead };
    })
    .filter((n) => n.name !== '');
}

/** Names that stand for a group of units ('各县(市、区)', '各有关单位'), which a task cannot be assigned to as such. */
function isCollective(name: string): boolean {
  return /^(?:市直|区直|县直|全市|全区|全县)?(?:各|有关|相关)/.test(name) || /(?:成员单位|有关单位|相关单位|有关部门|相关部门)$/.test(name);
}

/** Section headings such as '一、深化改革' or '(二)优化营商环境' that group the rows below. */
const HEADING = /^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）])/;

const TITLE_MAX = 60;

/** A title from a long task text: its first sentence (or the words before a colon), shortened if need be. */
function titleFrom(text: string): string {
  const colon = /^([^。；;：:\n]{2,30})[：:]/.exec(text);
  const first = colon ? colon[1]! : (text.split(/[。；;\n]/)[0] ?? text).trim();
  return first.length > TITLE_MAX ? `${first.slice(0, TITLE_MAX - 1)}…` : first;
}

/**
 * Reads a task-division table (任务分工表) given as rows of cell texts. The header is the first of
 * the first 10 rows that names a task column; 牵头单位, 责任单位, 配合单位 and 完成时限 columns are
 * recognised under their usual names, as are 责任领导 (names, matched to accounts by the caller)
 * and 任务编号 (the id a Luoshi 台账 export carries, so an edited export updates its tasks). Without a 牵头单位 column
 * the unit marked (牵头) in 责任单位, or else the first one, leads and the rest co-operate. Rows with
 * any error are reported and left out of `rows`; blank rows and section headings are skipped.
 * `firstRowNumber` is the sheet row number of `rows[0]`, so errors name the rows people see.
 */
export function parseDivisionTable(
  rows: string[][],
  units: UnitRef[],
  today: string,
  firstRowNumber = 1,
): { rows: DivisionRow[]; errors: { row: number; column: string; message: string }[] } {
  const errors: { row: number; column: string; message: string }[] = [];
  const out: DivisionRow[] = [];

  let headerAt = -1;
  const columns: { col: number; role: Role; header: string }[] = [];
  for (let r = 0; r < Math.min(rows.length, 10); r++) {
    const roles = (rows[r] ?? []).map((cell) => roleOf(cell ?? ''));
    if (roles.some((role) => role === 'task' || role === 'content')) {
      headerAt = r;
      const taken = new Set<Role>();
      roles.forEach((role, col) => {
        // The first column of each role wins; a second 任务 column is usually a sub-heading.
        if (role && !taken.has(role)) {
          taken.add(role);
          columns.push({ col, role, header: (rows[r]![col] ?? '').replace(/\s+/g, '') });
        }
      });
      break;
    }
  }
  if (headerAt < 0) {
    errors.push({ row: firstRowNumber, column: '', message: '前 10 行中找不到表头：应有“任务”“工作内容”或“具体任务”等列' });
    return { rows: out, errors };
  }
  const column = (role: Role) => columns.find((c) => c.role === role);
  const taskCol = column('task');
  const contentCol = column('content');
  const leadCol = column('lead');
  const responsibleCol = column('responsible');
  const coCol = column('co');
  const deadlineCol = column('deadline');
  const seqCol = column('seq');
  const leadersCol = column('leaders');
  const numberCol = column('number');
  if (!leadCol && !responsibleCol) {
    errors.push({ row: firstRowNumber + headerAt, column: '牵头单位', message: '缺少“牵头单位”或“责任单位”列' });
    return { rows: out, errors };
  }

  for (let r = headerAt + 1; r < rows.length; r++) {
    const cells = (rows[r] ?? []).map((c) => (c ?? '').trim());
    const rowNumber = firstRowNumber + r;
    const filled = cells.filter((c) => c !== '');
    if (filled.length === 0) continue;
    // A heading merged across the whole row arrives as the same text in every cell.
    if (filled.length > 1 && filled.every((c) => c === filled[0])) continue;
    const text = (c: { col: number } | undefined) => (c ? (cells[c.col] ?? '') : '');
    const primary = taskCol ?? contentCol!;
    const unitsText = [leadCol, responsibleCol, coCol].map(text).join('');
    if (!unitsText && !text(deadlineCol) && HEADING.test(text(taskCol) || text(contentCol))) continue;

    const rowErrors: { row: number; column: string; message: string }[] = [];
    const err = (header: string, message: string) => rowErrors.push({ row: rowNumber, column: header, message });

    let title = text(primary);
    let content = '';
    if (taskCol && contentCol) {
      content = text(contentCol);
      if (!title && content) title = titleFrom(content);
    } else if (title.length > TITLE_MAX || /[。；;\n]/.test(title.replace(/[。；;\s]+$/, ''))) {
      // One long text column: a readable title, and the whole text kept as the content.
      content = title;
      title = titleFrom(title);
    }
    if (!title) err(primary.header, '任务内容为空');

    const resolve = (col: { header: string }, names: { name: string; lead: boolean }[]) => {
      const found: { unit: UnitRef; lead: boolean }[] = [];
      for (const n of names) {
        if (isCollective(n.name)) {
          err(col.header, `“${n.name}”请拆分为具体单位`);
          continue;
        }
        const m = matchUnit(n.name, units);
        if (m.unit) found.push({ unit: m.unit, lead: n.lead });
        else if (m.candidates.length > 1) err(col.header, `“${n.name}”匹配到多个单位：${m.candidates.map((u) => u.name).join('、')}`);
        else err(col.header, `找不到单位“${n.name}”`);
      }
      return found;
    };
    const lead: UnitRef[] = [];
    const co: UnitRef[] = [];
    if (leadCol) {
      lead.push(...resolve(leadCol, unitNames(text(leadCol))).map((f) => f.unit));
      if (responsibleCol) co.push(...resolve(responsibleCol, unitNames(text(responsibleCol))).map((f) => f.unit));
    } else if (responsibleCol) {
      const names = unitNames(text(responsibleCol));
      const found = resolve(responsibleCol, names);
      // Only a name that was really marked leads; otherwise the unit listed first does.
      const marked = found.filter((f) => f.lead);
      const leads = marked.length > 0 ? marked : names.some((n) => n.lead) ? [] : found.slice(0, 1);
      lead.push(...leads.map((f) => f.unit));
      co.push(...found.filter((f) => !leads.includes(f)).map((f) => f.unit));
    }
    if (coCol) co.push(...resolve(coCol, unitNames(text(coCol))).map((f) => f.unit));
    const leadUnits = [...new Set(lead)];
    const coUnits = [...new Set(co)].filter((u) => !leadUnits.includes(u));
    const leadHeader = (leadCol ?? responsibleCol)!.header;
    if (leadUnits.length === 0 && !rowErrors.some((e) => e.column === leadHeader)) err(leadHeader, '未填写牵头单位');

    const deadlineText = text(deadlineCol);
    let deadline: string | null = null;
    let longTerm = false;
    if (deadlineText) {
      const parsed = parseDeadline(deadlineText, today);
      // A rhythm or standing phrase without a date (长期坚持, 长期, 每季度) marks a long-term task.
      if (parsed) [deadline, longTerm] = [parsed.date, parsed.date === null];
      else err(deadlineCol!.header, `无法识别完成时限“${deadlineText}”，请写成“2026年6月30日”“6月底前”或“长期坚持”等`);
    } else err(deadlineCol?.header ?? '完成时限', DEADLINE_REQUIRED_MESSAGE);

    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    out.push({
      row: rowNumber, seq: text(seqCol), title, content, leadUnits, coUnits, deadline, deadlineText, longTerm,
      ...(numberCol ? { number: text(numberCol) } : {}),
      ...(leadersCol ? { leaders: splitUnits(text(leadersCol)) } : {}),
    });
  }
  return { rows: out, errors };
}
