import { seedDemoIndicators } from './demo-indicators.ts';
import type { Actor } from '../access/index.ts';
import type { Container } from '../container.ts';
import { hashPassword } from '../lib/password.ts';
import { generatePassword } from './bootstrap.ts';
import { DEMO_PASSWORD } from './demo-city.ts';
import { seedDemoDirectives } from './demo-directives.ts';
import { seedDemoCampaign } from './demo-campaign.ts';
import { seedDemoProjects } from './demo-projects.ts';
import { seedDemoRhythm } from './demo-rhythm.ts';
import { seedDemoSuggestions } from './demo-suggestions.ts';
import { addCalendarDays, shanghaiDate } from '../supervision/rules/working-days.ts';

interface DemoTask {
  title: string;
  content: string;
  category: string;
  lead: string[];
  co?: string[];
  /** Days from today; negative = already past. */
  startIn: number;
  deadlineIn: number;
  cycle?: 'monthly' | 'weekly' | 'none';
  /** What happens after assignment, in order. */
  story: ('ack' | `report:${number}` | 'request' | 'complete' | 'return' | 'cancel' | 'order:red' | 'order:yellow' | 'extension' | 'instruction' | 'draft' | 'decompose')[];
}

// Fictional tasks in the register of a municipal supervision office; every state appears at least once.
const TASKS: DemoTask[] = [
  { title: '推进城东老旧小区改造三年行动', content: '完成 12 个老旧小区水电气管网和外立面改造，同步加装电梯。', category: '民生保障', lead: ['SFS-DC'], co: ['SFS-ZJJ'], startIn: -60, deadlineIn: 45, cycle: 'monthly', story: ['ack', 'report:40', 'report:55'] },
  { title: '新能源汽车零部件产业园项目开工', content: '完成土地摘牌、施工许可办理，确保二季度开工。', category: '产业强市', lead: ['SFS-GX'], co: ['SFS-ZRZY', 'SFS-FGW'], startIn: -90, deadlineIn: -6, cycle: 'monthly', story: ['ack', 'report:70', 'order:red'] },
  { title: '开展安全生产大检查', content: '对辖区危化品、燃气、建筑施工、人员密集场所开展全覆盖检查。', category: '城乡区域', lead: ['SFS-DC', 'SFS-XC', 'SFS-NH', 'SFS-BS'], startIn: -20, deadlineIn: 10, story: ['decompose'] },
  { title: '优化营商环境“一件事一次办”改革', content: '梳理高频事项 30 项，实现集成办理。', category: '改革开放', lead: ['SFS-SZF-BGS'], co: ['SFS-SWJ'], startIn: -45, deadlineIn: 2, cycle: 'monthly', story: ['ack', 'report:80'] },
  { title: '城区河道水质提升工程', content: '完成南湖支流清淤和截污纳管，年底前水质稳定达到 IV 类。', category: '生态环境', lead: ['SFS-NH'], co: ['SFS-STHJ'], startIn: -100, deadlineIn: 120, cycle: 'monthly', story: ['ack'] },
  { title: '新建中小学校 3 所', content: '确保秋季学期投入使用。', category: '民生保障', lead: ['SFS-JYJ'], co: ['SFS-CZJ'], startIn: -150, deadlineIn: -20, story: ['ack', 'report:100', 'request', 'complete'] },
  { title: '社区嵌入式养老服务中心建设', content: '每个街道至少建成 1 个嵌入式养老服务中心。', category: '民生保障', lead: ['SFS-MZJ'], startIn: -40, deadlineIn: 30, story: ['ack', 'report:90', 'request'] },
  { title: '科技型中小企业培育', content: '全年新增科技型中小企业 200 家以上。', category: '科技创新', lead: ['SFS-GXJ'], startIn: -70, deadlineIn: 60, story: ['ack', 'report:100', 'request', 'return'] },
  { title: '农村人居环境整治提升', content: '完成 20 个行政村生活污水治理。', category: '城乡区域', lead: ['SFS-LJ'], startIn: -30, deadlineIn: 75, story: ['ack', 'extension'] },
  { title: '智慧停车平台建设', content: '整合城区公共停车资源，上线统一平台。', category: '科技创新', lead: ['SFS-JTJ'], startIn: -25, deadlineIn: 40, story: ['ack', 'report:30', 'instruction'] },
  { title: '背街小巷环境整治', content: '完成 50 条背街小巷路面、照明和管线整治。', category: '城乡区域', lead: ['SFS-XC'], startIn: -10, deadlineIn: 50, cycle: 'weekly', story: [] },
  { title: '医疗卫生服务能力提升', content: '推进紧密型医共体建设。', category: '民生保障', lead: ['SFS-WJW'], startIn: -35, deadlineIn: 1, story: [] },
  { title: '招商引资项目落地攻坚', content: '推动 10 个签约项目开工建设。', category: '产业强市', lead: ['SFS-SWJ'], co: ['SFS-GX'], startIn: -80, deadlineIn: -3, story: ['ack', 'report:60', 'order:yellow'] },
  { title: '干部作风建设专项整治', content: '开展“庸懒散拖”问题专项整治。', category: '干部担当', lead: ['SFS-SW-BGS'], startIn: -15, deadlineIn: 90, story: ['ack', 'report:20'] },
  { title: '临时交通疏导方案（已取消）', content: '因活动取消，不再执行。', category: '其他', lead: ['SFS-JTJ'], startIn: -12, deadlineIn: 20, story: ['cancel'] },
  { title: '城东片区雨污分流改造', content: '完成主干管网改造 8 公里，消除污水直排口。', category: '生态环境', lead: ['SFS-DC'], co: ['SFS-STHJ'], startIn: 0, deadlineIn: 80, cycle: 'monthly', story: [] },
  { title: '编制城市更新专项规划', content: '草拟中，待交办。', category: '城乡区域', lead: ['SFS-ZRZY'], startIn: 0, deadlineIn: 100, story: ['draft'] },
];

/**
 * Fills the demo city with supervision work in every state — assigned, acknowledged, reporting,
 * overdue with a red order, awaiting review, returned, completed, cancelled, draft, with an
 * extension request and a leader's instruction — through the real services so lights, timelines,
 * notifications and the audit log are what they would be.
 */
export async function seedDemoTasks(c: Container, tenantId: string): Promise<number> {
  const units = new Map((await c.db.selectFrom('org_units').select(['code', 'id']).where('tenant_id', '=', tenantId).execute()).map((u) => [u.code, u.id]));
  const actorOf = async (username: string): Promise<Actor> => c.auth.loadActor(tenantId, await c.db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('username', '=', username).executeTakeFirstOrThrow());
  const supervisor = await actorOf('supervisor');
  const leader = await actorOf('leader');
  const liaisons = new Map<string, Actor>();
  let demoHash: Promise<string> | undefined;
  // Units without a liaison in the demo get one, so every story can be told by its owner.
  const liaisonFor = async (unitId: string): Promise<Actor> => {
    const known = liaisons.get(unitId);
    if (known) return known;
    const existing = await c.db
      .selectFrom('users as u')
      .innerJoin('role_grants as g', (j) => j.onRef('g.tenant_id', '=', 'u.tenant_id').onRef('g.user_id', '=', 'u.id'))
      .selectAll('u')
      .where('u.tenant_id', '=', tenantId)
      .where('u.org_unit_id', '=', unitId)
      .where('g.role', '=', 'liaison')
      .executeTakeFirst();
    let actor: Actor;
    if (existing) actor = await c.auth.loadActor(tenantId, existing);
    else {
      const unit = await c.db.selectFrom('org_units').select(['code', 'name']).where('id', '=', unitId).executeTakeFirstOrThrow();
      const admin = await actorOf('admin');
      const username = `ll_${unit.code.toLowerCase().replace(/-/g, '_')}`;
      const user = await c.users.create(admin, { username, displayName: `${unit.name}联络员`, orgUnitId: unitId, password: generatePassword(username), grants: [{ role: 'liaison', scopeKind: 'own' }] });
      // Like every demo account it signs in with the published demo password, which the password policy would refuse: set directly.
      demoHash ??= hashPassword(DEMO_PASSWORD);
      await c.db.updateTable('users').set({ password_hash: await demoHash, must_change_password: false }).where('id', '=', user.id).execute();
      actor = await c.auth.loadActor(tenantId, user);
    }
    liaisons.set(unitId, actor);
    return actor;
  };
  const today = shanghaiDate(c.clock.now());
  let count = 0;
  for (const d of TASKS) {
    const task = await c.tasks.create(supervisor, {
      title: d.title,
      content: d.content,
      category: d.category,
      leadUnitIds: d.lead.map((code) => units.get(code)!),
      coUnitIds: (d.co ?? []).map((code) => units.get(code)!),
      responsibleLeaderIds: [leader.userId],
      startDate: addCalendarDays(today, d.startIn),
      deadline: addCalendarDays(today, d.deadlineIn),
      reportCycle: d.cycle ?? 'none',
      reportDueDay: d.cycle === 'weekly' ? 5 : 25,
      assign: !d.story.includes('draft'),
    });
    count++;
    const owner = await liaisonFor(task.owner_unit_id);
    for (const step of d.story) {
      if (step === 'ack') await c.tasks.acknowledge(owner, task.id);
      else if (step.startsWith('report:')) await c.tasks.report(owner, task.id, { done: `按计划推进，累计完成 ${step.slice(7)}%`, percent: Number(step.slice(7)), difficulties: '部分环节审批时间较长', nextSteps: '加快推进剩余工作' });
      else if (step === 'request') await c.tasks.requestCompletion(owner, task.id, '各项工作已按要求完成，佐证材料已上传');
      else if (step === 'complete') await c.tasks.complete(supervisor, task.id, '经核实，同意办结');
      else if (step === 'return') await c.tasks.returnTask(supervisor, task.id, '佐证材料不全，请补充企业认定名单');
      else if (step === 'cancel') await c.tasks.cancel(supervisor, task.id, '活动取消');
      else if (step === 'order:red' || step === 'order:yellow') {
        await c.followUps.issueOrder(supervisor, task.id, { level: step === 'order:red' ? 'red' : 'yellow', matter: `${d.title}进度滞后，已超过完成时限`, requirements: '请说明滞后原因，提出整改措施和完成时间', replyDeadline: addCalendarDays(today, 5) });
      } else if (step === 'extension') await c.followUps.requestExtension(owner, task.id, { requestedDeadline: addCalendarDays(today, d.deadlineIn + 30), reason: '受连续降雨影响，施工进度滞后' });
      else if (step === 'instruction') await c.followUps.instruct(leader, task.id, '请加快进度，确保按期上线运行。');
      else if (step === 'decompose') {
        const parts = await c.db.selectFrom('tasks').select(['id', 'owner_unit_id']).where('tenant_id', '=', tenantId).where('parent_id', '=', task.id).execute();
        for (const [i, part] of parts.entries()) {
          const partOwner = await liaisonFor(part.owner_unit_id);
          await c.tasks.acknowledge(partOwner, part.id);
          await c.tasks.report(partOwner, part.id, { done: `完成检查 ${(i + 1) * 20} 家`, percent: (i + 1) * 20 });
        }
      }
    }
  }
  await c.lights.recomputeAll(tenantId);
  await seedDemoDirectives(c, supervisor);
  await seedDemoCampaign(c, tenantId, { supervisor, leader, liaisonFor });
  await seedDemoProjects(c, tenantId, supervisor);
  await seedDemoIndicators(c, tenantId, supervisor);
  await seedDemoRhythm(c, tenantId, supervisor);
  await seedDemoSuggestions(c, tenantId, { supervisor, deputy: await actorOf('deputy'), liaisonFor });
  return count;
}
