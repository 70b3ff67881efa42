import type { Actor } from '../access/index.ts';
import type { Container } from '../container.ts';
import { addCalendarDays, shanghaiDate } from '../supervision/rules/working-days.ts';

/**
 * Two fictional directives in the register of a municipal leader's speech and an office notice,
 * naming the demo city's units: one published (its tasks assigned), one left as a draft to review.
 */
const speech = (date: string) => `在全市重点项目和民生实事推进会上的讲话（示范）
（${date}）

同志们：
今天召开这次会议，主要是对全年重点项目和民生实事进行再部署、再推进。

一、聚焦项目建设，全力扩大有效投资
（一）抓好项目开工。市发展和改革委员会要牵头建立重点项目清单，实行“一月一调度、一季一通报”。东城区、西城区要在年底前完成首批项目开工，全年新开工项目不少于50个。
（二）强化要素保障。市自然资源和规划局要加快用地审批，确保年底前供地1200亩以上。市财政局要统筹专项债券资金，年底前完成拨付。

二、聚焦民生实事，切实增进群众福祉
（一）办好教育和养老实事。市教育局要确保3所新建学校秋季学期投入使用。市民政局要在每个街道建成1个嵌入式养老服务中心，年底前全部投入运营。
（二）改善城市环境。市住房和城乡建设局牵头，南湖区、北山区配合，年内完成30个老旧小区改造。市生态环境局要抓好南湖水质提升，长期坚持、久久为功。

三、聚焦作风建设，确保各项任务落地见效
各地各部门要压实责任，市委市政府督查室要加强跟踪督办，每月通报进展，对工作不力的严肃问责。`;

const notice = (date: string) => `关于做好优化营商环境重点工作的通知（示范）
（${date}）

各区县人民政府，市各有关部门：
为持续优化营商环境，现就有关工作通知如下。
一、推进政务服务改革。市政府办公室要牵头推进“一件事一次办”，年底前实现30个高频事项集成办理。
二、降低企业成本。市财政局、市商务局要落实惠企政策“免申即享”，年底前惠企资金直达比例不低于80%。
三、加强跟踪问效。各责任单位每季度报送一次工作进展。`;

/** Stores the demo directives through the real service, so drafts, tasks and audit are what they would be. */
export async function seedDemoDirectives(c: Container, supervisor: Actor): Promise<void> {
  // Dated a week and two weeks back, so their deadlines (年底前 …) lie ahead.
  const today = shanghaiDate(c.clock.now());
  const chinese = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
  const id = await c.directives.create(supervisor, { text: speech(chinese(addCalendarDays(today, -7))), kind: 'speech' });
  const detail = await c.directives.detail(supervisor, id);
  // The items whose text names no unit are the office's own follow-up: left out of the published breakdown.
  // Every task needs a 完成时限 or 长期坚持: items whose text gives neither are due at the year's end.
  const items = detail.directive.draft.map((item) => ({ ...item, include: item.leadUnitIds.length > 0, deadline: item.deadline ?? (item.longTerm ? null : `${today.slice(0, 4)}-12-31`) }));
  await c.directives.publish(supervisor, id, { items, assign: true });
  await c.directives.create(supervisor, { text: notice(chinese(addCalendarDays(today, -14))), kind: 'plan' });
}
