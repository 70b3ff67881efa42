import type { Actor } from '../access/index.ts';
import type { Container } from '../container.ts';

// The demo city's deputies' suggestions (issue 13): one session's worth in every state — filed and
// not yet assigned, being handled, answered awaiting the rating, rated 满意 and published, rated
// 不满意 and being handled again, 基本满意 recorded by the office over the telephone — and a CPPCC
// member's proposal by name.

export const DEMO_SESSION = '市十七届人大四次会议';

interface People {
  supervisor: Actor;
  deputy: Actor;
  liaisonFor: (unitId: string) => Promise<Actor>;
}

export async function seedDemoSuggestions(c: Container, tenantId: string, p: People): Promise<void> {
  const unit = async (code: string) => (await c.db.selectFrom('org_units').select('id').where('tenant_id', '=', tenantId).where('code', '=', code).executeTakeFirstOrThrow()).id;
  const [dc, xc, fgw] = [await unit('SFS-DC'), await unit('SFS-XC'), await unit('SFS-FGW')];
  const s = c.suggestions;
  const file = (title: string, content: string) => s.create(p.deputy, { kind: 'suggestion', session: DEMO_SESSION, title, content });
  const dcLiaison = await p.liaisonFor(dc);

  // Filed, waiting for the office to assign it.
  await file('关于在老城区增设公共充电桩的建议', '老城区新能源汽车充电难，建议在公共停车场和社区增设充电桩。');

  // Being handled by 东城区 with 西城区 assisting.
  const handling = await file('关于优化跨区公交线路的建议', '东西城区之间公交换乘不便，建议开通跨区直达线路。');
  await s.assign(p.supervisor, handling, { mainUnitId: dc, coUnitIds: [xc] });

  // Answered, waiting for the deputy's rating.
  const answered = await file('关于加强老旧小区加装电梯工作的建议', '老旧小区加装电梯进展慢，建议简化审批、加大补贴。');
  await s.assign(p.supervisor, answered, { mainUnitId: dc });
  await s.answer(dcLiaison, answered, { answer: '我区已将老旧小区加装电梯纳入民生实事，审批时限压缩至 15 个工作日，补贴标准提高至每台 20 万元。\n今年计划新增加装电梯 60 台。', category: 'B' });

  // Rated 满意, the deputy agreeing that the answer is published; the office publishes it.
  const satisfied = await file('关于增加老旧小区停车位的建议', '东城区老旧小区停车难，建议挖潜增设停车位，错时共享机关单位车位。');
  await s.assign(p.supervisor, satisfied, { mainUnitId: dc });
  await s.answer(dcLiaison, satisfied, { answer: '我区已在三个老旧小区挖潜增设停车位 120 个，并与 12 家机关单位签订错时共享协议，提供夜间车位 800 个。', category: 'A' });
  await s.rate(p.deputy, satisfied, { rating: 'satisfied', publicAgreed: true });
  await s.setPublished(p.supervisor, satisfied, true);

  // Rated 不满意: back with 东城区 for a second round.
  const reopened = await file('关于治理背街小巷环境卫生的建议', '部分背街小巷垃圾清运不及时，建议建立常态化保洁机制。');
  await s.assign(p.supervisor, reopened, { mainUnitId: dc });
  await s.answer(dcLiaison, reopened, { answer: '受财力所限，背街小巷保洁将逐步纳入市场化作业范围。', category: 'C' });
  await s.rate(p.deputy, reopened, { rating: 'unsatisfied', note: '没有具体时间表，请明确清运频次和责任人。' });

  // 基本满意, taken down by the office over the telephone.
  const basic = await file('关于推进街道便民服务中心建设的建议', '建议在各街道便民服务中心推行“一窗通办”。');
  await s.assign(p.supervisor, basic, { mainUnitId: dc });
  await s.answer(dcLiaison, basic, { answer: '全区 10 个街道便民服务中心已全部推行“一窗通办”，高频事项 126 项可就近办理。', category: 'A' });
  await s.rate(p.supervisor, basic, { rating: 'basic', means: '电话', note: '代表希望进一步延长周末服务时间。' });

  // A CPPCC member's proposal, registered by the office by name and assigned to 市发改委.
  const proposal = await s.create(p.supervisor, { kind: 'proposal', session: '市政协十三届四次会议', title: '关于支持民营企业参与重大项目建设的提案', content: '建议在重大项目中向民营企业推介一批优质项目。', proposerNames: ['王委员', '刘委员'] });
  await s.assign(p.supervisor, proposal, { mainUnitId: fgw });
}
