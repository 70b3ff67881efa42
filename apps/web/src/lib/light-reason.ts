/**
 * The reasons of a task's light are written in Chinese by the server (apps/server/src/supervision/
 * rules/lights.ts) from a closed vocabulary; this renders them in English, part by part, so the
 * English interface does not show "逾期 6 天". A part outside the vocabulary is kept as written.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** '3月25日' → 'Mar 25', '2025年3月25日' → 'Mar 25, 2025'. */
function shortDate(text: string): string {
  const m = /^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日$/.exec(text.trim());
  if (!m) return text;
  const day = `${MONTHS[Number(m[2]) - 1] ?? m[2]} ${Number(m[3])}`;
  return m[1] ? `${day}, ${m[1]}` : day;
}

const STAGES: Record<string, string> = { 谋划: 'Planning', 签约: 'Signed', 开工: 'Started', 在建: 'Building', 竣工: 'Completed', 投产: 'Producing' };
const LIGHTS: Record<string, string> = { 红灯: 'red', 黄灯: 'yellow', 绿灯: 'green' };
const FIXED: Record<string, string> = {
  今天截止: 'Due today',
  截止前已无工作日: 'No working day left before the deadline',
  红色督办单未办结: 'Red supervision order not closed',
  黄色督办单未办结: 'Yellow supervision order not closed',
  超时未签收: 'Not acknowledged in time',
  '已申请办结,待审核': 'Completion requested, awaiting review',
  '已申请办结，待审核': 'Completion requested, awaiting review',
  正常推进: 'On track',
};

function part(text: string): string {
  const s = text.trim();
  if (FIXED[s]) return FIXED[s];
  let m = /^逾期 ?(\d+) ?天$/.exec(s);
  if (m) return `${plural(Number(m[1]), 'day', 'days')} overdue`;
  m = /^距截止还有 ?(\d+) ?个工作日$/.exec(s);
  if (m) return `${plural(Number(m[1]), 'working day', 'working days')} to the deadline`;
  m = /^(\S+) ?进展未报送[(（]应于 ?(.+?)前[)）]$/.exec(s);
  if (m) return `Progress for ${m[1]} not reported (due ${shortDate(m[2]!)})`;
  m = /^另有 ?(\d+) ?项下级任务亮(红灯|黄灯|绿灯)$/.exec(s);
  if (m) return `${plural(Number(m[1]), 'more part is', 'more parts are')} ${LIGHTS[m[2]!]}`;
  // Key projects (apps/server/src/modules/projects/project-rules.ts).
  m = /^(签约|开工|在建|竣工|投产)节点逾期 ?(\d+) ?天$/.exec(s);
  if (m) return `${STAGES[m[1]!]} milestone ${plural(Number(m[2]), 'day', 'days')} late`;
  m = /^(\d{4})年(\d{1,2})月月报(逾期未报|迟报)$/.exec(s);
  if (m) return `Report for ${MONTHS[Number(m[2]) - 1]} ${m[1]} ${m[3] === '迟报' ? 'filed late' : 'missing'}`;
  m = /^年度投资完成 ?(\d+)%，低于序时进度$/.exec(s);
  if (m) return `${m[1]}% of the year's planned investment, behind schedule`;
  m = /^入库第 ?(\d+) ?年应(签约|开工|在建|竣工|投产)，现为(谋划|签约|开工|在建|竣工|投产)$/.exec(s);
  if (m) return `Year ${m[1]} on the list should be ${STAGES[m[2]!]!.toLowerCase()}, is ${STAGES[m[3]!]!.toLowerCase()}`;
  m = /^下级任务“(.+)”(.*)$/.exec(s);
  if (m) return `Part “${m[1]}”: ${part(m[2]!)}`;
  return s;
}

/** A light's reason in English; parts are joined by "；" in Chinese and by "; " here. */
export function lightReasonInEnglish(reason: string): string {
  return reason
    .split('；')
    .filter((p) => p.trim())
    .map(part)
    .join('; ');
}
