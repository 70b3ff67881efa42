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
}
