import type { Actor } from '../access/index.ts';
import type { Container } from '../container.ts';
import { periodLabel } from '../modules/rhythm/cadence-rules.ts';
import { shanghaiDate } from '../supervision/rules/working-days.ts';

const HELD: Record<string, string> = { coordination: '召开重点工作会办会，议定事项已转为任务跟踪', review: '召开点评会，通报各单位排名并点评', site_visit: '组织现场观摩重点项目', duty_report: '各单位主要负责同志现场述职', bulletin: '印发督查通报' };

/**
 * The demo city's rhythm: the default five rules running since January, their past occurrences
 * recorded as held, last month's bulletin published and this month's in draft.
 */
export async function seedDemoRhythm(c: Container, tenantId: string, supervisor: Actor): Promise<void> {
  const today = shanghaiDate(c.clock.now());
  await c.rhythm.addDefaults(supervisor);
  await c.db.updateTable('cadence_rules').set({ starts_on: `${today.slice(0, 4)}-01-01` }).where('tenant_id', '=', tenantId).where('preset', 'is not', null).execute();
  await c.rhythm.ensureOccurrences(c.db, tenantId);
  const occurrences = await c.db
    .selectFrom('cadence_occurrences as o')
    .innerJoin('cadence_rules as r', (j) => j.onRef('r.tenant_id', '=', 'o.tenant_id').onRef('r.id', '=', 'o.rule_id'))
    .select(['o.id', 'o.period_key', 'o.period_end', 'o.due_on', 'r.action'])
    .where('o.tenant_id', '=', tenantId)
    .orderBy('o.due_on')
    .execute();
  const monthly = occurrences.filter((o) => o.action === 'bulletin');
  const [last, current] = [monthly.at(-2), monthly.at(-1)];
  for (const o of occurrences) {
    if (o.due_on >= today || o.id === last?.id) continue;
    await c.rhythm.record(supervisor, o.id, { status: 'done', heldOn: o.due_on, record: `${periodLabel(o.period_key)}${HELD[o.action] ?? '已开展'}` });
  }
  if (last) {
    const { bulletinId } = await c.rhythm.prepare(supervisor, last.id);
    await c.rhythm.editBulletin(supervisor, bulletinId!, { docNumber: `示督通〔${last.period_key.slice(0, 4)}〕${Number(last.period_key.slice(5, 7))}号` });
    await c.rhythm.publish(supervisor, bulletinId!);
  }
  if (current) await c.rhythm.prepare(supervisor, current.id);
  await seedDemoAssessment(c, tenantId, supervisor, today);
}

/**
 * A quarterly comprehensive assessment of the demo districts (and, in a group of their own, the
 * city departments) for the last finished quarter: the scheme, the run published, and 东城区's
 * objection answered — upheld with a bonus point, so its derivation shows the change.
 */
async function seedDemoAssessment(c: Container, tenantId: string, supervisor: Actor, today: string): Promise<void> {
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3);
  const period = q === 0 ? `${Number(today.slice(0, 4)) - 1}-Q4` : `${today.slice(0, 4)}-Q${q}`;
  const schemeId = await createDemoScheme(c, tenantId, supervisor, Number(period.slice(0, 4)));
  const runId = await c.assessment.run(supervisor, schemeId, period);
  await c.assessment.publish(supervisor, runId);
  const liaison = await c.auth.loadActor(tenantId, await c.db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('username', '=', 'liaison_dc').executeTakeFirstOrThrow());
  const objectionId = await c.assessment.object(liaison, runId, { unitId: liaison.orgUnitId, reason: '本季度我区承办了全省营商环境现场推进会，考核未计加分，请予复核。' });
  await c.assessment.answer(supervisor, objectionId, {
    decision: 'upheld',
    answer: '经核实，东城区承办全省现场推进会属实，按考核办法加 1 分，并重新计算排名。',
    adjustments: [{ key: 'praise', points: 1, note: '承办全省营商环境现场推进会' }],
  });
}

/** The demo city's assessment scheme of a year: four weighted items in two dimensions, a bonus and a deduction item, districts apart from city departments. */
export async function createDemoScheme(c: Container, tenantId: string, supervisor: Actor, year: number): Promise<string> {
  const root = await c.db.selectFrom('org_units').select('id').where('tenant_id', '=', tenantId).where('parent_id', 'is', null).executeTakeFirstOrThrow();
  const children = await c.db.selectFrom('org_units').select(['id', 'kind']).where('tenant_id', '=', tenantId).where('parent_id', '=', root.id).where('active', '=', true).orderBy('sort_order').orderBy('code').execute();
  return c.assessment.createScheme(supervisor, {
    year,
    name: `示范市${year}年度综合考核办法`,
    objectionDays: 5,
    definition: {
      dimensions: [
        {
          key: 'work',
          name: '重点工作落实',
          items: [
            { key: 'ontime', name: '督办事项按时办结率', weight: 40, source: { kind: 'on_time_rate' }, formula: { kind: 'linear', floor: 60, target: 100 }, noDataScore: 60 },
            { key: 'rectify', name: '问题整改率', weight: 30, source: { kind: 'rectification_rate' }, formula: { kind: 'threshold', steps: [{ atLeast: 90, score: 100 }, { atLeast: 70, score: 85 }, { atLeast: 50, score: 70 }], otherwise: 50 }, noDataScore: 70 },
            { key: 'invest', name: '重点项目投资完成率', weight: 20, source: { kind: 'investment_completion' }, formula: { kind: 'rank', direction: 'higher', top: 100, step: 5, min: 70 }, noDataScore: 70 },
          ],
        },
        { key: 'service', name: '服务群众', items: [{ key: 'satisfaction', name: '建议办理满意度', weight: 10, source: { kind: 'suggestion_satisfaction' }, formula: { kind: 'linear', floor: 60, target: 100 }, noDataScore: 80 }] },
      ],
      adjustments: [
        { key: 'praise', name: '获上级表扬或承办现场会', kind: 'bonus', cap: 2 },
        { key: 'criticism', name: '被上级通报批评', kind: 'deduction', cap: 3 },
      ],
      groups: [
        { key: 'district', name: '区县（开发区）', unitIds: children.filter((u) => u.kind === 'district').map((u) => u.id) },
        { key: 'department', name: '市直部门', unitIds: children.filter((u) => u.kind === 'department').map((u) => u.id) },
      ],
      bonusCap: 3,
      deductionCap: 5,
    },
  });
}
