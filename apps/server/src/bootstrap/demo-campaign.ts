import type { Actor } from '../access/index.ts';
import type { Container } from '../container.ts';
import { addCalendarDays, shanghaiDate } from '../supervision/rules/working-days.ts';

/**
 * The demo city's 解放思想推动高质量发展大讨论, in its 整改落实 stage: leaders' contact points, three
 * activities with minutes and opinions (one become a task, one a problem, one answered), and
 * problems in every state — awaiting a plan, rectifying, overdue, awaiting verification, sent back
 * and struck off — told through the real services by the supervisor and the units' liaisons.
 */
export async function seedDemoCampaign(c: Container, tenantId: string, who: { supervisor: Actor; leader: Actor; liaisonFor: (unitId: string) => Promise<Actor> }): Promise<string> {
  const { supervisor, leader, liaisonFor } = who;
  const unit = async (code: string) => (await c.db.selectFrom('org_units').select('id').where('tenant_id', '=', tenantId).where('code', '=', code).executeTakeFirstOrThrow()).id;
  const today = shanghaiDate(c.clock.now());
  const day = (n: number) => addCalendarDays(today, n);
  const [dc, xc, nh, fgw, zjj] = await Promise.all(['SFS-DC', 'SFS-XC', 'SFS-NH', 'SFS-FGW', 'SFS-ZJJ'].map((code) => unit(code).catch(() => unit('SFS-DC'))));
  // Five stages over the period; today falls in the fourth, 整改落实.
  const stages = [
    { name: '动员部署', startDate: day(-120), endDate: day(-100) },
    { name: '学习讨论', startDate: day(-99), endDate: day(-70) },
    { name: '查摆问题', startDate: day(-69), endDate: day(-40) },
    { name: '整改落实', startDate: day(-39), endDate: day(30) },
    { name: '总结评估', startDate: day(31), endDate: day(60) },
  ];
  const campaignId = await c.campaigns.create(supervisor, {
    title: '解放思想推动高质量发展大讨论',
    kind: 'discussion',
    startDate: day(-120),
    endDate: day(60),
    stages,
    unitIds: [dc!, xc!, nh!, fgw!, zjj!],
    subtree: true,
    contactPoints: [
      { leaderUserId: leader.userId, unitId: dc! },
      { leaderUserId: leader.userId, unitId: fgw! },
    ],
  });
  const dcLiaison = await liaisonFor(dc!);
  const xcLiaison = await liaisonFor(xc!);
  const activities = [
    {
      kind: 'symposium' as const,
      title: '民营企业家座谈会',
      heldOn: day(-90),
      place: '市政府第一会议室',
      minutes: '李市长主持座谈，12 位民营企业负责人围绕营商环境、要素保障和政策兑现发言。会议要求各部门对企业提出的问题建立清单、限时办结。',
      outcomes: '形成企业诉求清单 18 条，现场答复 6 条。',
      opinions: [
        { content: '工程建设项目验收环节多、周期长，建议推行联合验收', topic: '改革开放', raisedByName: '某建设集团 王总' },
        { content: '东城区政务服务中心午间不办理业务，企业办事要请假', topic: '民生保障', raisedByUserId: dcLiaison.userId },
        { content: '惠企政策兑现材料要求多，建议免申即享', topic: '产业强市', raisedByName: '某科技公司 陈总' },
      ],
    },
    { kind: 'research' as const, title: '城市更新专题调研', heldOn: day(-75), place: '东城区、西城区老旧小区', minutes: '调研组实地察看 6 个老旧小区改造项目，听取区住建部门汇报。', outcomes: '形成调研报告 1 篇。', opinions: [{ content: '西城区老旧小区改造后长效管理缺位，部分小区无物业', topic: '城乡区域', raisedByUserId: xcLiaison.userId }] },
    { kind: 'seminar' as const, title: '解放思想专题研讨交流会', heldOn: day(-60), place: '市委党校', minutes: '各单位主要负责人围绕“破除思想障碍、推动高质量发展”交流发言。', outcomes: '汇编交流材料 1 册。', opinions: [{ content: '干部担当作为的激励机制还不够，建议完善容错纠错办法', topic: '干部担当', raisedByName: '市发展改革委' }] },
  ];
  const activityIds: string[] = [];
  for (const a of activities) activityIds.push(await c.campaigns.createActivity(supervisor, campaignId, a));
  const opinions = await c.db.selectFrom('campaign_opinions').select(['id', 'content']).where('tenant_id', '=', tenantId).where('campaign_id', '=', campaignId).orderBy('created_at').execute();
  const opinion = (text: string) => opinions.find((o) => o.content.includes(text))!.id;
  await c.campaigns.opinionToTask(supervisor, opinion('联合验收'), { title: '推行工程建设项目联合验收', leadUnitIds: [zjj!], deadline: day(45) });
  const lunch = await c.campaigns.opinionToProblem(supervisor, opinion('午间不办理'), { source: 'public', unitId: dc! });
  const property = await c.campaigns.opinionToProblem(supervisor, opinion('长效管理缺位'), { source: 'superior', unitId: xc!, severity: 'serious' });
  await c.campaigns.answerOpinion(supervisor, opinion('容错纠错'), '市委组织部已起草《关于建立容错纠错机制的实施办法》，近期印发。');

  const problem = (unitId: string, description: string, source: 'self' | 'inspection' | 'hazard' = 'inspection') => c.campaigns.createProblem(supervisor, campaignId, { source, unitId, description, foundOn: day(-50) });
  const plan = (id: string, measures: string, deadline: string, owner: Actor) => c.campaigns.plan(supervisor, id, { measures, ownerUserId: owner.userId, leaderUserId: leader.userId, deadline, milestones: [{ title: '制定整改方案', due: today }] });

  // Struck off: planned, close-out asked, verified by the office.
  await plan(lunch, '推行午间不间断服务，设置错时延时窗口', day(10), dcLiaison);
  await c.campaigns.requestClose(dcLiaison, lunch, '已于本月起实行午间不间断服务，公示错时延时服务时间。');
  await c.campaigns.verify(supervisor, lunch, { approve: true, reason: '经暗访核实，午间窗口正常办理' });
  // Sent back with reasons.
  await plan(property, '对无物业小区引入专业物业或社区托管，建立长效管理机制', day(20), xcLiaison);
  await c.campaigns.requestClose(xcLiaison, property, '已完成 3 个小区物业引入。');
  await c.campaigns.verify(supervisor, property, { approve: false, reason: '仍有 2 个小区无物业，佐证材料不全' });
  // Overdue: its deadline passed while it was being rectified.
  const overdue = await problem(dc!, '背街小巷占道经营反弹，市容秩序较差');
  await plan(overdue, '开展背街小巷综合整治，落实门前三包', day(5), dcLiaison);
  const overdueTask = (await c.db.selectFrom('campaign_problems').select('task_id').where('tenant_id', '=', tenantId).where('id', '=', overdue).executeTakeFirstOrThrow()).task_id!;
  await c.db.updateTable('campaign_problems').set({ deadline: day(-5) }).where('tenant_id', '=', tenantId).where('id', '=', overdue).execute();
  await c.db.updateTable('tasks').set({ deadline: day(-5), start_date: day(-40) }).where('tenant_id', '=', tenantId).where('id', '=', overdueTask).execute();
  await c.lights.recomputeUp(c.db, tenantId, overdueTask);
  // Awaiting verification.
  const review = await problem(fgw!, '重大项目前期工作推进慢，储备项目不足', 'self');
  await plan(review, '建立项目谋划储备库，实行前期工作周调度', day(25), await liaisonFor(fgw!));
  await c.campaigns.requestClose(await liaisonFor(fgw!), review, '储备库已建立，入库项目 36 个。');
  // Rectifying, and one still awaiting its plan.
  const rect = await problem(nh!, '城中村消防通道堵塞，存在安全隐患', 'hazard');
  await plan(rect, '清理消防通道，设置禁停标识，每周巡查', day(15), await liaisonFor(nh!));
  await problem(zjj!, '建筑工地扬尘管控不到位');
  // The struck-off problem is published: the demo's public page (/public/campaigns/:id) shows it.
  await c.campaigns.setPublication(supervisor, campaignId, { enabled: true, publish: [lunch] });
  return campaignId;
}
