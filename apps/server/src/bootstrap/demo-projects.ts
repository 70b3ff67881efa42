import type { Actor } from '../access/index.ts';
import type { Container } from '../container.ts';
import type { LeadStage, ProjectRow } from '../db/schema.ts';
import { lastDuePeriod, previousMonth, type MilestoneStage } from '../modules/projects/project-rules.ts';
import { addCalendarDays, shanghaiDate } from '../supervision/rules/working-days.ts';

interface DemoProject {
  code: string;
  name: string;
  kind: ProjectRow['kind'];
  industry: string;
  level: ProjectRow['level'];
  unit: string;
  owner: string;
  leader: string;
  total: number;
  /** This year's plan (万元). */
  plan: number;
  tags: string[];
  /** Planned and actual dates, in days from today (actual absent: not reached). */
  milestones: { stage: MilestoneStage; planned: number; actual?: number }[];
  /** Months on the list before this one (the reports run from then). */
  listedMonthsAgo: number;
  /** Invested per month (万元). */
  monthly: number;
  /** The newest due month's report is missing. */
  missingLast?: boolean;
  problems?: string[];
  /** Hand the first problem to these units as a coordination task. */
  assignTo?: string[];
  /** Map position (the demo city lies around 116.4°E, 39.9°N). */
  at: [number, number];
}

// Fictional key projects of the demo city, one or more in every stage, with their monthly reports.
const PROJECTS: DemoProject[] = [
  { code: 'SFS-2025-001', name: '新能源动力电池产业园', kind: 'industry', industry: '新能源', level: 'province', unit: 'SFS-GX', owner: '示范新能源科技有限公司', leader: '李市长', total: 520000, plan: 120000, tags: ['新能源'], milestones: [{ stage: 'signed', planned: -400, actual: -395 }, { stage: 'started', planned: -300, actual: -310 }, { stage: 'building', planned: -240, actual: -240 }, { stage: 'completed', planned: 180 }, { stage: 'producing', planned: 270 }], listedMonthsAgo: 13, monthly: 9000, problems: ['二期用地指标尚未落实，需市资规局协调'], at: [116.52, 39.95] },
  { code: 'SFS-2025-002', name: '东城智能制造基地', kind: 'industry', industry: '高端装备', level: 'city', unit: 'SFS-DC', owner: '东城智造产业发展有限公司', leader: '王副市长', total: 180000, plan: 60000, tags: ['智能制造', '高端装备'], milestones: [{ stage: 'signed', planned: -160, actual: -150 }, { stage: 'started', planned: -60, actual: -55 }, { stage: 'building', planned: 30 }, { stage: 'completed', planned: 400 }], listedMonthsAgo: 6, monthly: 5500, problems: ['施工用电接入需协调供电公司'], assignTo: ['SFS-FGW'], at: [116.45, 39.92] },
  { code: 'SFS-2025-003', name: '城东综合管廊一期', kind: 'infrastructure', industry: '市政', level: 'city', unit: 'SFS-DC', owner: '示范城投集团', leader: '王副市长', total: 86000, plan: 30000, tags: ['城市更新'], milestones: [{ stage: 'started', planned: -200, actual: -190 }, { stage: 'building', planned: -150, actual: -150 }, { stage: 'completed', planned: 120 }], listedMonthsAgo: 9, monthly: 2600, missingLast: true, at: [116.47, 39.9] },
  { code: 'SFS-2025-004', name: '南湖生态湿地公园', kind: 'ecology', industry: '生态修复', level: 'district', unit: 'SFS-NH', owner: '南湖区城建公司', leader: '赵副区长', total: 42000, plan: 8000, tags: ['生态环保'], milestones: [{ stage: 'started', planned: -420, actual: -410 }, { stage: 'building', planned: -380, actual: -380 }, { stage: 'completed', planned: -30, actual: -25 }, { stage: 'producing', planned: 60 }], listedMonthsAgo: 14, monthly: 700, at: [116.38, 39.85] },
  { code: 'SFS-2025-005', name: '市人民医院西城新院区', kind: 'livelihood', industry: '医疗卫生', level: 'city', unit: 'SFS-XC', owner: '市人民医院', leader: '陈副市长', total: 150000, plan: 40000, tags: ['民生实事'], milestones: [{ stage: 'signed', planned: -120, actual: -118 }, { stage: 'started', planned: -90, actual: -85 }, { stage: 'building', planned: -45 }, { stage: 'completed', planned: 500 }], listedMonthsAgo: 5, monthly: 3000, problems: ['施工图审查周期长，主体施工滞后'], at: [116.33, 39.91] },
  { code: 'SFS-2024-011', name: '北山 100 兆瓦光伏电站', kind: 'industry', industry: '新能源', level: 'province', unit: 'SFS-BS', owner: '北山绿电能源有限公司', leader: '李市长', total: 48000, plan: 2000, tags: ['新能源'], milestones: [{ stage: 'signed', planned: -700, actual: -700 }, { stage: 'started', planned: -600, actual: -590 }, { stage: 'building', planned: -560, actual: -560 }, { stage: 'completed', planned: -200, actual: -210 }, { stage: 'producing', planned: -150, actual: -140 }], listedMonthsAgo: 12, monthly: 200, at: [116.4, 40.02] },
  { code: 'SFS-2026-001', name: '临江港口物流园', kind: 'infrastructure', industry: '现代物流', level: 'city', unit: 'SFS-LJ', owner: '临江港务集团', leader: '王副市长', total: 95000, plan: 15000, tags: ['现代物流'], milestones: [{ stage: 'signed', planned: -70, actual: -65 }, { stage: 'started', planned: 40 }], listedMonthsAgo: 2, monthly: 800, at: [116.6, 39.83] },
  { code: 'SFS-2026-002', name: '高新区人工智能产业园', kind: 'industry', industry: '人工智能', level: 'city', unit: 'SFS-GX', owner: '待定', leader: '李市长', total: 260000, plan: 0, tags: ['人工智能', '数字经济'], milestones: [{ stage: 'signed', planned: 90 }, { stage: 'started', planned: 200 }], listedMonthsAgo: 1, monthly: 0, at: [116.55, 39.97] },
  { code: 'SFS-2025-009', name: '西城文旅综合体', kind: 'other', industry: '文化旅游', level: 'district', unit: 'SFS-XC', owner: '西城文旅发展有限公司', leader: '陈副市长', total: 66000, plan: 30000, tags: ['文化旅游'], milestones: [{ stage: 'signed', planned: -200, actual: -190 }, { stage: 'started', planned: -20, actual: -10 }], listedMonthsAgo: 7, monthly: 600, at: [116.3, 39.94] },
];

/**
 * The city's "6+2+X" industry clusters as the project tag dictionary: six leading industries, two
 * emerging ones and the future ones, plus the city's other lists. Demo projects are tagged from it.
 */
export const DEMO_TAG_GROUPS: { name: string; tags: string[] }[] = [
  { name: '「6」主导产业', tags: ['新能源', '高端装备', '新材料', '生物医药', '现代物流', '文化旅游'] },
  { name: '「2」新兴产业', tags: ['数字经济', '智能制造'] },
  { name: '「X」未来产业', tags: ['人工智能', '低空经济', '氢能'] },
  { name: '城市建设与民生', tags: ['城市更新', '民生实事', '生态环保'] },
];

/** Writes the demo dictionary through the service (a supervisor of the city). */
export async function seedDemoTags(c: Container, supervisor: Actor): Promise<void> {
  for (const [i, g] of DEMO_TAG_GROUPS.entries()) {
    const { id } = await c.projectTags.createGroup(supervisor, { name: g.name, sortOrder: i + 1 });
    for (const [j, name] of g.tags.entries()) await c.projectTags.createTag(supervisor, { groupId: id, name, sortOrder: j + 1 });
  }
}

/**
 * Fills the demo city with key projects in every stage: registered through the service, listed
 * months ago, with their monthly reports on time (one project's newest report missing), open
 * problems and one already handed to a unit as a coordination task, then lit.
 */
/**
 * Last week's 会办 meeting over the open problems: minutes on each; the land-quota problem decided
 * and handed to the planning bureau as a coordination task, the other carried to the next meeting.
 */
async function seedDemoMeeting(c: Container, tenantId: string, supervisor: Actor, units: Map<string, string>, today: string): Promise<void> {
  const open = (await c.meetings.candidates(supervisor)).data;
  if (open.length === 0) return;
  const meetingId = await c.meetings.create(supervisor, { kind: 'coordination', title: '重点项目建设推进会办会', heldOn: addCalendarDays(today, -3), place: '市政府第一会议室', hostName: '李市长', attendees: '市发展改革委、市自然资源和规划局、市住房和城乡建设局、各区政府', problemIds: open.map((p) => p.id) });
  const detail = await c.meetings.detail(supervisor, meetingId);
  for (const item of detail.items) {
    const land = /用地/.test(item.subject);
    await c.meetings.recordMinutes(supervisor, meetingId, item.id, land ? '市资规局介绍用地指标情况，会议同意从市级统筹指标中优先安排。' : '市住建局说明审图进度，待设计单位补充材料后下次会办再议。');
    if (land) await c.meetings.decide(supervisor, meetingId, item.id, { content: '从市级统筹指标中优先安排二期用地指标', leadUnitIds: [units.get('SFS-ZRZY')!], deadline: addCalendarDays(today, 20) });
  }
}

export async function seedDemoProjects(c: Container, tenantId: string, supervisor: Actor): Promise<number> {
  const units = new Map((await c.db.selectFrom('org_units').select(['code', 'id']).where('tenant_id', '=', tenantId).execute()).map((u) => [u.code, u.id]));
  const now = c.clock.now();
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  const due = lastDuePeriod(today, c.config.projectReportDay);
  await seedDemoTags(c, supervisor);
  for (const d of PROJECTS) {
    const day = (n: number) => addCalendarDays(today, n);
    const project = await c.projects.create(supervisor, {
      code: d.code,
      name: d.name,
      kind: d.kind,
      industry: d.industry,
      level: d.level,
      address: `${d.name}项目现场`,
      longitude: d.at[0],
      latitude: d.at[1],
      ownerCompany: d.owner,
      totalInvestment: d.total,
      leadUnitId: units.get(d.unit)!,
      leaderName: d.leader,
      startYear: year - (d.listedMonthsAgo > 11 ? 1 : 0),
      tags: d.tags,
      milestones: d.milestones.map((m) => ({ stage: m.stage, plannedDate: day(m.planned), actualDate: m.actual === undefined ? null : day(m.actual) })),
      yearPlans: d.plan > 0 ? [{ year, planned: d.plan }] : [],
    });
    // Listed months ago: the months since then owe reports, filed on time (the demo's history).
    let first = today.slice(0, 7);
    for (let i = 0; i < d.listedMonthsAgo; i++) first = previousMonth(first);
    // created_at is never updated by the app; the demo backdates its history once, here.
    await c.db.updateTable('projects').set({ created_at: new Date(`${first}-01T09:00:00+08:00`) } as never).where('tenant_id', '=', tenantId).where('id', '=', project.id).execute();
    const months: string[] = [];
    for (let m = d.missingLast ? previousMonth(due) : due; m >= first; m = previousMonth(m)) months.unshift(m);
    let cumulative = 0;
    for (const [i, period] of months.entries()) {
      const invested = d.monthly === 0 ? 0 : Math.round(d.monthly * (0.8 + ((i * 7) % 5) / 10));
      cumulative += invested;
      const last = i === months.length - 1;
      const report = await c.db
        .insertInto('project_reports')
        .values({ tenant_id: tenantId, project_id: project.id, period, invested, cumulative, progress: last ? '主体工程按计划推进，现场施工人员 320 人' : '按计划推进', next_plan: last ? '加快主体施工，确保节点目标' : '', late: false, reported_by: supervisor.userId, reported_at: new Date(`${period}-28T10:00:00+08:00`) })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (last && d.problems?.length) {
        await c.db.insertInto('project_problems').values(d.problems.map((description) => ({ tenant_id: tenantId, project_id: project.id, report_id: report.id, description }))).execute();
      }
    }
    if (d.assignTo) {
      const problem = await c.db.selectFrom('project_problems').select('id').where('tenant_id', '=', tenantId).where('project_id', '=', project.id).executeTakeFirstOrThrow();
      await c.projects.assignProblem(supervisor, project.id, problem.id, { leadUnitIds: d.assignTo.map((u) => units.get(u)!), deadline: addCalendarDays(today, 30) });
    }
  }
  await seedDemoMeeting(c, tenantId, supervisor, units, today);
  await seedDemoLeads(c, tenantId, supervisor, units, today);
  await c.projects.relightAll(tenantId);
  return PROJECTS.length;
}

interface DemoLead {
  company: string;
  industry: string;
  intended: number;
  source: string;
  stage: LeadStage;
  unit: string;
  person: string;
  next: string;
  /** Signed this many days ago, for the amount. */
  signed?: [number, number];
  funds?: number;
  visits: [number, 'visit' | 'talk' | 'call', string][];
  /** The demo project this lead became. */
  project?: string;
}

// Fictional leads, one or more in every stage, with their visits; one became the 临江 logistics park.
const LEADS: DemoLead[] = [
  { company: '江南精密机械集团', industry: '高端装备', intended: 80000, source: '长三角招商推介会', stage: 'talking', unit: 'SFS-DC', person: '张联络', next: '安排企业高层来东城考察地块', visits: [[-40, 'visit', '赴企业总部拜访，介绍东城产业园区政策'], [-12, 'call', '电话沟通考察行程']] },
  { company: '华芯半导体有限公司', industry: '集成电路', intended: 150000, source: '以商招商', stage: 'talking', unit: 'SFS-GX', person: '高新区招商局', next: '提交项目可行性报告', visits: [[-20, 'talk', '企业来访洽谈封测项目']] },
  { company: '绿源生物科技股份有限公司', industry: '生物医药', intended: 30000, source: '驻外招商', stage: 'signed', unit: 'SFS-XC', person: '赵联络', next: '办理土地摘牌手续', signed: [-35, 28000], funds: 3000, visits: [[-90, 'visit', '初次接洽'], [-50, 'talk', '谈定投资协议主要条款'], [-35, 'talk', '签订投资协议']] },
  { company: '临江港务集团', industry: '现代物流', intended: 95000, source: '市级重点招引', stage: 'landed', unit: 'SFS-LJ', person: '临江县招商局', next: '跟进项目开工准备', signed: [-65, 95000], funds: 12000, visits: [[-150, 'visit', '港口物流园选址踏勘'], [-65, 'talk', '签订合作协议']], project: 'SFS-2026-001' },
  { company: '北方新能源装备有限公司', industry: '新能源', intended: 60000, source: '产业链招商', stage: 'started', unit: 'SFS-BS', person: '北山区招商局', next: '协调施工用地', signed: [-200, 58000], funds: 20000, visits: [[-260, 'visit', '企业考察'], [-200, 'talk', '签约']] },
  { company: '南湖文旅发展有限公司', industry: '文化旅游', intended: 20000, source: '以商招商', stage: 'producing', unit: 'SFS-NH', person: '南湖区商务局', next: '跟踪运营情况', signed: [-400, 20000], funds: 20000, visits: [[-420, 'talk', '洽谈'], [-30, 'visit', '回访已投产项目']] },
];

/** Demo leads with their visits, this year's quotas for the districts, and one lead already a project. */
async function seedDemoLeads(c: Container, tenantId: string, supervisor: Actor, units: Map<string, string>, today: string): Promise<void> {
  const year = Number(today.slice(0, 4));
  for (const d of LEADS) {
    const lead = await c.leads.create(supervisor, {
      company: d.company,
      industry: d.industry,
      intendedInvestment: d.intended,
      source: d.source,
      stage: d.stage,
      unitId: units.get(d.unit)!,
      person: d.person,
      nextStep: d.next,
      ...(d.signed ? { signedOn: addCalendarDays(today, d.signed[0]), signedAmount: d.signed[1] } : {}),
      fundsInPlace: d.funds ?? 0,
    });
    for (const [day, kind, summary] of d.visits) await c.leads.addVisit(supervisor, lead.id, { visitedOn: addCalendarDays(today, day), kind, summary });
    if (d.project) {
      const project = await c.db.selectFrom('projects').select('id').where('tenant_id', '=', tenantId).where('code', '=', d.project).executeTakeFirstOrThrow();
      await c.db.updateTable('investment_leads').set({ project_id: project.id }).where('tenant_id', '=', tenantId).where('id', '=', lead.id).execute();
    }
  }
  for (const [unit, projects, amount, funds] of [['SFS-DC', 6, 300000, 120000], ['SFS-XC', 5, 200000, 80000], ['SFS-NH', 3, 100000, 40000], ['SFS-BS', 3, 120000, 50000], ['SFS-GX', 8, 500000, 200000], ['SFS-LJ', 4, 150000, 60000]] as const) {
    await c.leads.setQuota(supervisor, { unitId: units.get(unit)!, year, signedProjects: projects, signedAmount: amount, fundsInPlace: funds });
  }
}
