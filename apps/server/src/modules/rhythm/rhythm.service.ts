import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { hasRole, inScope, scopeForRoles, unitInScope, type Actor } from '../../access/index.ts';
import type { Executor } from '../../db/database.ts';
import { paginate, type PageQuery } from '../../db/pagination.ts';
import type { CadenceActionCode, CadencePeriodCode, DB, OccurrenceStatus } from '../../db/schema.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import type { NotificationService } from '../../supervision/notification.service.ts';
import { addCalendarDays, addWorkdays, shanghaiDate, type WorkCalendar } from '../../supervision/rules/working-days.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { bulletinFigures, draftBody, type BulletinBody, type BulletinFigures } from './bulletin.figures.ts';
import { actionName, actionOfWord, CADENCE_PERIODS, DEFAULT_RHYTHMS, defaultAnchorDays, defaultStart, dueDate, isCadencePeriod, PERIOD_LABELS, periodLabel, periodOfKey, periodsThrough } from './cadence-rules.ts';

export interface RhythmDeps {
  db: Kysely<DB>;
  clock: Clock;
  calendar: WorkCalendar;
  audit: Pick<AuditService, 'record'>;
  notifications: Pick<NotificationService, 'notify' | 'notifyUnits'>;
}

export interface RuleInput {
  name: string;
  period: CadencePeriodCode;
  anchor: 'day' | 'workday';
  anchorDays: number;
  action: CadenceActionCode;
  actionLabel?: string | undefined;
  scopeUnitId: string;
  modules?: string[] | undefined;
  remindWorkdays?: number | undefined;
  startsOn?: string | undefined;
}

export interface OccurrenceFilter extends PageQuery {
  ruleId?: string | undefined;
  status?: OccurrenceStatus[] | undefined;
  /** Due on or before this day (the owner's to-do list: what is due soon or overdue). */
  dueBy?: string | undefined;
}

export interface RecordInput {
  status: 'done' | 'skipped';
  heldOn?: string | undefined;
  record: string;
}

export interface BulletinEdit {
  title?: string | undefined;
  docNumber?: string | undefined;
  body?: Partial<BulletinBody> | undefined;
}

/** How many days back the reminder scan still reminds of an occurrence past due (older ones stay on the list, unannounced). */
const OVERDUE_REMIND_DAYS = 14;

const isOpen = (s: OccurrenceStatus) => s === 'planned' || s === 'prepared';

/**
 * The rhythm of the work (issue 12): cadence rules with their occurrences, due dates, material,
 * reminders and records, and the bulletins (通报) generated from live data. A rule belongs to its
 * owner unit: it is seen by those whose scope holds that unit and run by that unit's supervisors,
 * who may only cover an organisation subtree inside their supervision scope. A bulletin is seen
 * by those whose scope holds its unit and, once published, by everyone in that unit's subtree.
 */
export class RhythmService {
  constructor(private readonly deps: RhythmDeps) {}

  private today(): string {
    return shanghaiDate(this.deps.clock.now());
  }

  private requireSupervisor(actor: Actor, message: string): void {
    if (actor.readOnly || !hasRole(actor, 'supervisor')) throw forbidden(message);
  }

  private async supervises(actor: Actor, unitId: string, db: Executor = this.deps.db): Promise<boolean> {
    return !actor.readOnly && hasRole(actor, 'supervisor') && unitInScope(db, scopeForRoles(actor, ['supervisor']), actor.tenantId, unitId);
  }

  /** The top unit of the supervisor's scope: the tenant's root for a city-wide office, else the first subtree it supervises. */
  async topUnit(actor: Actor, db: Executor = this.deps.db): Promise<string> {
    const scope = scopeForRoles(actor, ['supervisor']);
    if (scope.all) {
      const root = await db.selectFrom('org_units').select('id').where('tenant_id', '=', actor.tenantId).where('parent_id', 'is', null).orderBy('sort_order').limit(1).executeTakeFirst();
      if (root) return root.id;
    }
    return scope.subtreeRoots[0] ?? actor.orgUnitId;
  }

  // ---- Rules --------------------------------------------------------------------------------

  private async checkScopeUnit(actor: Actor, unitId: string, db: Executor = this.deps.db): Promise<void> {
    const unit = await db.selectFrom('org_units').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', unitId).executeTakeFirst();
    if (!unit || !(await this.supervises(actor, unitId, db))) throw invalid('scopeUnitId', '范围单位不存在或不在您的督查范围内');
  }

  async listRules(actor: Actor) {
    const rows = await this.deps.db
      .selectFrom('cadence_rules as r')
      .innerJoin('org_units as s', (j) => j.onRef('s.tenant_id', '=', 'r.tenant_id').onRef('s.id', '=', 'r.scope_unit_id'))
      .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'r.tenant_id').onRef('o.id', '=', 'r.owner_unit_id'))
      .leftJoin('users as u', (j) => j.onRef('u.tenant_id', '=', 'r.tenant_id').onRef('u.id', '=', 'r.owner_user_id'))
      .selectAll('r')
      .select(['s.name as scope_unit_name', 'o.name as owner_unit_name', 'u.display_name as owner_user_name'])
      .select((eb) => [
        eb.selectFrom('cadence_occurrences as c').select('c.due_on').whereRef('c.tenant_id', '=', 'r.tenant_id').whereRef('c.rule_id', '=', 'r.id').where('c.status', 'in', ['planned', 'prepared']).orderBy('c.due_on').limit(1).as('next_due'),
        eb.selectFrom('cadence_occurrences as c').select(sql<string>`count(*)`.as('n')).whereRef('c.tenant_id', '=', 'r.tenant_id').whereRef('c.rule_id', '=', 'r.id').where('c.status', '=', 'done').as('done_count'),
      ])
      .where('r.tenant_id', '=', actor.tenantId)
      .where((eb) => inScope(actor.scope, actor.tenantId, eb.ref('r.owner_unit_id')))
      .orderBy('r.active', 'desc')
      .orderBy('r.created_at')
      // Rules made together (the default five) in the order of their periods, shortest first.
      .orderBy(sql`array_position(${sql.val([...CADENCE_PERIODS])}::text[], r.period)`)
      .orderBy('r.id')
      .limit(500)
      .execute();
    const scope = scopeForRoles(actor, ['supervisor']);
    const runs = new Set(actor.readOnly ? [] : (await this.deps.db.selectFrom('org_units').select('id').where('tenant_id', '=', actor.tenantId).where('id', 'in', rows.length ? [...new Set(rows.map((r) => r.owner_unit_id))] : ['00000000-0000-0000-0000-000000000000']).where((eb) => inScope(scope, actor.tenantId, eb.ref('id'))).execute()).map((u) => u.id));
    return rows.map((r) => ({ ...r, done_count: Number(r.done_count ?? 0), runs: runs.has(r.owner_unit_id) }));
  }

  private async loadRule(actor: Actor, id: string, db: Executor = this.deps.db) {
    const rule = await db.selectFrom('cadence_rules').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
    if (!rule || !(await unitInScope(db, actor.scope, actor.tenantId, rule.owner_unit_id))) throw notFound('工作机制');
    return rule;
  }

  private async loadRuleToRun(actor: Actor, id: string, db: Executor = this.deps.db) {
    const rule = await this.loadRule(actor, id, db);
    if (!(await this.supervises(actor, rule.owner_unit_id, db))) throw forbidden('只有牵头单位的督查人员可以管理该工作机制');
    return rule;
  }

  async createRule(actor: Actor, input: RuleInput, extra: { preset?: string; sourceCadenceId?: string } = {}, db?: Executor): Promise<string> {
    this.requireSupervisor(actor, '只有督查人员可以设置工作机制');
    if (input.action === 'custom' && !input.actionLabel?.trim()) throw invalid('actionLabel', '自定事项请填写事项名称');
    const write = async (tx: Executor) => {
      await this.checkScopeUnit(actor, input.scopeUnitId, tx);
      const now = this.deps.clock.now();
      const row = await tx
        .insertInto('cadence_rules')
        .values({
          tenant_id: actor.tenantId,
          name: input.name,
          period: input.period,
          anchor: input.anchor,
          anchor_days: input.anchorDays,
          action: input.action,
          action_label: input.action === 'custom' ? (input.actionLabel ?? '').trim() : '',
          scope_unit_id: input.scopeUnitId,
          modules: input.modules ?? [],
          owner_unit_id: actor.orgUnitId,
          owner_user_id: actor.userId || null,
          remind_workdays: input.remindWorkdays ?? 3,
          starts_on: input.startsOn ?? defaultStart(input.period, this.today()),
          preset: extra.preset ?? null,
          source_cadence_id: extra.sourceCadenceId ?? null,
          created_by: actor.userId || null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.ensureOccurrences(tx, actor.tenantId, [row.id]);
      await this.deps.audit.record(tx, actor, { action: 'rhythm.rule_create', entityType: 'cadence_rule', entityId: row.id, summary: `设置工作机制 ${input.name}（${PERIOD_LABELS[input.period]}${actionName(input.action, input.actionLabel ?? '')}）`, after: { ...input, ...extra } });
      return row.id;
    };
    return db ? write(db) : this.deps.db.transaction().execute(write);
  }

  async updateRule(actor: Actor, id: string, patch: Partial<Omit<RuleInput, 'period' | 'startsOn'>> & { active?: boolean | undefined }): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const before = await this.loadRuleToRun(actor, id, tx);
      if (patch.scopeUnitId && patch.scopeUnitId !== before.scope_unit_id) await this.checkScopeUnit(actor, patch.scopeUnitId, tx);
      const action = patch.action ?? before.action;
      const label = patch.actionLabel !== undefined ? patch.actionLabel.trim() : before.action_label;
      if (action === 'custom' && !label) throw invalid('actionLabel', '自定事项请填写事项名称');
      await tx
        .updateTable('cadence_rules')
        .set({
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.anchor !== undefined ? { anchor: patch.anchor } : {}),
          ...(patch.anchorDays !== undefined ? { anchor_days: patch.anchorDays } : {}),
          action,
          action_label: action === 'custom' ? label : '',
          ...(patch.scopeUnitId !== undefined ? { scope_unit_id: patch.scopeUnitId } : {}),
          ...(patch.modules !== undefined ? { modules: patch.modules } : {}),
          ...(patch.remindWorkdays !== undefined ? { remind_workdays: patch.remindWorkdays } : {}),
          ...(patch.active !== undefined ? { active: patch.active } : {}),
          updated_at: this.deps.clock.now(),
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .execute();
      // Open occurrences follow a changed anchor; those done keep the date they had.
      if (patch.anchor !== undefined || patch.anchorDays !== undefined) {
        const rule = await tx.selectFrom('cadence_rules').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirstOrThrow();
        const open = await tx.selectFrom('cadence_occurrences').select(['id', 'period_key', 'period_start', 'period_end']).where('tenant_id', '=', actor.tenantId).where('rule_id', '=', id).where('status', 'in', ['planned', 'prepared']).execute();
        for (const o of open) await tx.updateTable('cadence_occurrences').set({ due_on: dueDate(this.deps.calendar, rule.anchor, rule.anchor_days, { key: o.period_key, start: o.period_start, end: o.period_end }) }).where('tenant_id', '=', actor.tenantId).where('id', '=', o.id).execute();
      }
      if (patch.active) await this.ensureOccurrences(tx, actor.tenantId, [id]);
      await this.deps.audit.record(tx, actor, { action: 'rhythm.rule_update', entityType: 'cadence_rule', entityId: id, summary: `修改工作机制 ${patch.name ?? before.name}${patch.active === false ? '（停用）' : patch.active ? '（启用）' : ''}`, before, after: patch });
    });
  }

  /** Adds the default five rhythms (those the unit has not yet) over the supervisor's top unit; returns how many were added. */
  async addDefaults(actor: Actor): Promise<number> {
    this.requireSupervisor(actor, '只有督查人员可以设置工作机制');
    const scopeUnitId = await this.topUnit(actor);
    return this.deps.db.transaction().execute(async (tx) => {
      const existing = new Set((await tx.selectFrom('cadence_rules').select('preset').where('tenant_id', '=', actor.tenantId).where('owner_unit_id', '=', actor.orgUnitId).where('preset', 'is not', null).execute()).map((r) => r.preset));
      let added = 0;
      for (const p of DEFAULT_RHYTHMS) {
        if (existing.has(p.preset)) continue;
        await this.createRule(actor, { name: p.name, period: p.period, anchor: p.anchor, anchorDays: p.anchorDays, action: p.action, scopeUnitId, modules: [] }, { preset: p.preset }, tx);
        added++;
      }
      return added;
    });
  }

  /** Turns a cadence the directive parser found (一月一通报 in a directive in scope) into a rule, in one step. */
  async ruleFromCadence(actor: Actor, cadenceId: string): Promise<string> {
    this.requireSupervisor(actor, '只有督查人员可以设置工作机制');
    const c = await this.deps.db
      .selectFrom('directive_cadences as c')
      .innerJoin('directives as d', (j) => j.onRef('d.tenant_id', '=', 'c.tenant_id').onRef('d.id', '=', 'c.directive_id'))
      .select(['c.id', 'c.text', 'c.period', 'c.action', 'd.unit_id', 'd.title'])
      .where('c.tenant_id', '=', actor.tenantId)
      .where('c.id', '=', cadenceId)
      .executeTakeFirst();
    if (!c || !(await unitInScope(this.deps.db, actor.scope, actor.tenantId, c.unit_id))) throw notFound('文件中的工作机制');
    if (!isCadencePeriod(c.period)) throw invalid('cadenceId', `无法识别的周期：${c.period}`);
    const { action, label } = actionOfWord(c.action);
    const scopeUnitId = (await this.supervises(actor, c.unit_id)) ? c.unit_id : await this.topUnit(actor);
    return this.createRule(actor, { name: c.text, period: c.period, anchor: 'workday', anchorDays: defaultAnchorDays(c.period), action, actionLabel: label, scopeUnitId }, { sourceCadenceId: c.id });
  }

  // ---- Occurrences --------------------------------------------------------------------------

  /**
   * Writes the occurrences the tenant's active rules owe through today (or the rules given), one
   * per rule and period, with their due dates; existing ones stay as they are. Returns how many were new.
   */
  async ensureOccurrences(db: Executor, tenantId: string, ruleIds?: string[]): Promise<number> {
    let q = db.selectFrom('cadence_rules').selectAll().where('tenant_id', '=', tenantId).where('active', '=', true);
    if (ruleIds) q = q.where('id', 'in', ruleIds.length ? ruleIds : ['00000000-0000-0000-0000-000000000000']);
    const rules = await q.execute();
    const today = this.today();
    // The hourly scan starts each rule after the newest period it already has (periods are calendar-aligned,
    // so the keys are the same); a rule just created or edited is written out from its start.
    const written = ruleIds || rules.length === 0 ? new Map<string, string>() : new Map(
      (await db.selectFrom('cadence_occurrences').select(['rule_id', sql<string>`max(period_end)::text`.as('last')]).where('tenant_id', '=', tenantId).groupBy('rule_id').execute()).map((r) => [r.rule_id, String(r.last)]),
    );
    const from = (r: { id: string; starts_on: string }) => {
      const last = written.get(r.id);
      const next = last ? addCalendarDays(last, 1) : r.starts_on;
      return next > r.starts_on ? next : r.starts_on;
    };
    const rows = rules.flatMap((r) =>
      periodsThrough(r.period, from(r), today).map((p) => ({ tenant_id: tenantId, rule_id: r.id, period_key: p.key, period_start: p.start, period_end: p.end, due_on: dueDate(this.deps.calendar, r.anchor, r.anchor_days, p) })),
    );
    let added = 0;
    for (let i = 0; i < rows.length; i += 500) {
      const r = await db.insertInto('cadence_occurrences').values(rows.slice(i, i + 500)).onConflict((oc) => oc.columns(['tenant_id', 'rule_id', 'period_key']).doNothing()).returning('id').execute();
      added += r.length;
    }
    return added;
  }

  /**
   * The reminder scan (job `rhythm.scan`, hourly): writes the occurrences owed, then reminds each
   * rule's owner of an occurrence falling due within the rule's reminder window and, once, of one
   * past due (up to two weeks back). Dedupe keys make a second run send nothing.
   */
  async scan(tenantId: string): Promise<{ occurrences: number; reminded: number }> {
    const today = this.today();
    return this.deps.db.transaction().execute(async (tx) => {
      const occurrences = await this.ensureOccurrences(tx, tenantId);
      const open = await tx
        .selectFrom('cadence_occurrences as c')
        .innerJoin('cadence_rules as r', (j) => j.onRef('r.tenant_id', '=', 'c.tenant_id').onRef('r.id', '=', 'c.rule_id'))
        .select(['c.id', 'c.period_key', 'c.due_on', 'r.name', 'r.owner_user_id', 'r.remind_workdays', 'r.action', 'r.action_label'])
        .where('c.tenant_id', '=', tenantId)
        .where('c.status', 'in', ['planned', 'prepared'])
        .where('r.active', '=', true)
        .where('r.owner_user_id', 'is not', null)
        .where('c.due_on', '>=', addCalendarDays(today, -OVERDUE_REMIND_DAYS))
        .where('c.due_on', '<=', addCalendarDays(today, 60))
        .execute();
      let reminded = 0;
      for (const o of open) {
        const what = `${o.name}：${periodLabel(o.period_key)}${actionName(o.action, o.action_label)}`;
        if (o.due_on < today) {
          reminded += await this.deps.notifications.notify(tx, { tenantId, userIds: [o.owner_user_id!], kind: 'reminder', title: `已逾期：${what}`, body: `应于 ${o.due_on} 完成，请及时组织并记录。`, dedupeKey: `rhythm:${o.id}:overdue` });
        } else if (addWorkdays(this.deps.calendar, o.due_on, -o.remind_workdays) <= today) {
          reminded += await this.deps.notifications.notify(tx, { tenantId, userIds: [o.owner_user_id!], kind: 'reminder', title: `即将到期：${what}`, body: `应于 ${o.due_on} 完成，请准备材料。`, dedupeKey: `rhythm:${o.id}:soon` });
        }
      }
      return { occurrences, reminded };
    });
  }

  async listOccurrences(actor: Actor, filter: OccurrenceFilter) {
    let q = this.deps.db
      .selectFrom('cadence_occurrences as c')
      .innerJoin('cadence_rules as r', (j) => j.onRef('r.tenant_id', '=', 'c.tenant_id').onRef('r.id', '=', 'c.rule_id'))
      .leftJoin('bulletins as b', (j) => j.onRef('b.tenant_id', '=', 'c.tenant_id').onRef('b.id', '=', 'c.bulletin_id'))
      .where('c.tenant_id', '=', actor.tenantId)
      .where((eb) => inScope(actor.scope, actor.tenantId, eb.ref('r.owner_unit_id')));
    if (filter.ruleId) q = q.where('c.rule_id', '=', filter.ruleId);
    if (filter.status?.length) q = q.where('c.status', 'in', filter.status);
    if (filter.dueBy) q = q.where('c.due_on', '<=', filter.dueBy);
    const rows = q
      .selectAll('c')
      .select(['r.name as rule_name', 'r.action', 'r.action_label', 'r.owner_unit_id', 'b.status as bulletin_status'])
      // The meeting that held the occurrence (a 会办, 点评, 观摩 or 述职 organised from it), newest first.
      .select(sql<string | null>`(SELECT m.id FROM meetings m WHERE m.tenant_id = c.tenant_id AND m.occurrence_id = c.id ORDER BY m.created_at DESC LIMIT 1)`.as('meeting_id'))
      .orderBy(sql`CASE WHEN c.status IN ('planned', 'prepared') THEN 0 ELSE 1 END`)
      .orderBy('c.due_on', 'desc')
      .orderBy('c.id');
    return paginate(rows, q, filter);
  }

  private async loadOccurrence(actor: Actor, id: string, db: Executor = this.deps.db) {
    const o = await db.selectFrom('cadence_occurrences').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
    if (!o) throw notFound('工作节点');
    const rule = await this.loadRule(actor, o.rule_id, db).catch(() => {
      throw notFound('工作节点');
    });
    if (!(await this.supervises(actor, rule.owner_unit_id, db))) throw forbidden('只有牵头单位的督查人员可以办理该工作节点');
    return { occurrence: o, rule };
  }

  /**
   * Prepares an occurrence's material: a bulletin's draft from live data for its period (the
   * occurrence links to it), or for a meeting the same figures of the rule's scope as its briefing.
   */
  async prepare(actor: Actor, id: string): Promise<{ bulletinId: string | null }> {
    return this.deps.db.transaction().execute(async (tx) => {
      const { occurrence: o, rule } = await this.loadOccurrence(actor, id, tx);
      if (!isOpen(o.status)) throw conflict('该工作节点已记录，不能再准备材料');
      let bulletinId = o.bulletin_id;
      let material: string | null = null;
      if (rule.action === 'bulletin') {
        if (!bulletinId) bulletinId = await this.writeBulletin(tx, actor, { period: o.period_key, start: o.period_start, end: o.period_end, scopeUnitId: rule.scope_unit_id, occurrenceId: o.id });
      } else {
        const f = await bulletinFigures(tx as Kysely<DB>, actor, { period: o.period_key, start: o.period_start, end: o.period_end, scopeUnitId: rule.scope_unit_id, today: this.today() });
        material = JSON.stringify({ generatedAt: this.deps.clock.now().toISOString(), summary: f.summary, ranking: f.ranking, red: f.red });
      }
      await tx.updateTable('cadence_occurrences').set({ status: 'prepared', bulletin_id: bulletinId, ...(material ? { material } : {}), updated_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, { action: 'rhythm.prepare', entityType: 'cadence_occurrence', entityId: id, summary: `准备材料：${rule.name} ${periodLabel(o.period_key)}`, after: { bulletinId } });
      return { bulletinId };
    });
  }

  /** Records what took place (held on a day, with a note) or that the occurrence was skipped, with the reason. */
  async record(actor: Actor, id: string, input: RecordInput): Promise<void> {
    if (input.status === 'done' && !input.heldOn) throw invalid('heldOn', '请填写开展日期');
    if (!input.record.trim()) throw invalid('record', input.status === 'done' ? '请填写开展情况' : '请填写未开展的原因');
    await this.deps.db.transaction().execute(async (tx) => {
      const { occurrence: o, rule } = await this.loadOccurrence(actor, id, tx);
      await tx.updateTable('cadence_occurrences').set({ status: input.status, held_on: input.status === 'done' ? input.heldOn! : null, record: input.record, recorded_by: actor.userId || null, updated_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, { action: 'rhythm.record', entityType: 'cadence_occurrence', entityId: id, summary: `${rule.name} ${periodLabel(o.period_key)}：${input.status === 'done' ? `已开展（${input.heldOn}）` : '未开展'}`, before: { status: o.status, heldOn: o.held_on, record: o.record }, after: input });
    });
  }

  // ---- Bulletins ----------------------------------------------------------------------------

  private async writeBulletin(tx: Executor, actor: Actor, input: { period: string; start: string; end: string; scopeUnitId: string; occurrenceId?: string | null }): Promise<string> {
    const figures = await bulletinFigures(tx as Kysely<DB>, actor, { ...input, today: this.today() });
    const now = this.deps.clock.now();
    const row = await tx
      .insertInto('bulletins')
      .values({ tenant_id: actor.tenantId, period: input.period, period_start: input.start, period_end: input.end, scope_unit_id: input.scopeUnitId, title: `关于${figures.periodLabel}督查工作情况的通报`, figures: JSON.stringify(figures), body: JSON.stringify(draftBody(figures)), generated_at: now, occurrence_id: input.occurrenceId ?? null, created_by: actor.userId || null, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.deps.audit.record(tx, actor, { action: 'bulletin.generate', entityType: 'bulletin', entityId: row.id, summary: `生成通报：${figures.scopeUnit.name} ${figures.periodLabel}`, after: { period: input.period, scopeUnitId: input.scopeUnitId } });
    return row.id;
  }

  /** A draft bulletin of a period (a month '2026-11', or '2026-Q4', '2026-H1', '2026' …) over a unit's subtree, from live data. */
  async generateBulletin(actor: Actor, input: { period: string; scopeUnitId?: string | undefined }): Promise<string> {
    this.requireSupervisor(actor, '只有督查人员可以生成通报');
    const p = periodOfKey(input.period);
    if (!p) throw invalid('period', '期间格式应为 YYYY-MM（或 YYYY-Qn、YYYY-Hn、YYYY）');
    if (p.range.start > this.today()) throw invalid('period', '该期间尚未开始');
    const scopeUnitId = input.scopeUnitId ?? (await this.topUnit(actor));
    return this.deps.db.transaction().execute(async (tx) => {
      await this.checkScopeUnit(actor, scopeUnitId, tx);
      return this.writeBulletin(tx, actor, { period: p.range.key, start: p.range.start, end: p.range.end, scopeUnitId });
    });
  }

  async listBulletins(actor: Actor, filter: PageQuery & { status?: 'draft' | 'published' | undefined }) {
    let q = this.deps.db
      .selectFrom('bulletins as b')
      .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'b.tenant_id').onRef('o.id', '=', 'b.scope_unit_id'))
      .where('b.tenant_id', '=', actor.tenantId)
      .where((eb) => this.visible(eb, actor));
    if (filter.status) q = q.where('b.status', '=', filter.status);
    const rows = q.select(['b.id', 'b.period', 'b.title', 'b.doc_number', 'b.status', 'b.generated_at', 'b.published_at', 'b.scope_unit_id', 'o.name as scope_unit_name', 'b.created_at']).orderBy('b.period', 'desc').orderBy('b.created_at', 'desc').orderBy('b.id');
    return paginate(rows, q, filter);
  }

  /** Seen when its unit is in the caller's scope, or once published by anyone whose own unit lies in its subtree. */
  private visible(eb: ExpressionBuilder<DB & { b: DB['bulletins'] }, 'b'>, actor: Actor) {
    return eb.or([
      inScope(actor.scope, actor.tenantId, eb.ref('b.scope_unit_id')),
      eb.and([eb('b.status', '=', 'published'), eb.exists(eb.selectFrom('org_closure as oc').select('oc.descendant_id').whereRef('oc.tenant_id', '=', 'b.tenant_id').whereRef('oc.ancestor_id', '=', 'b.scope_unit_id').where('oc.descendant_id', '=', actor.orgUnitId))]),
    ]);
  }

  private async loadBulletin(actor: Actor, id: string, db: Executor = this.deps.db) {
    const b = await db
      .selectFrom('bulletins as b')
      .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'b.tenant_id').onRef('o.id', '=', 'b.scope_unit_id'))
      .selectAll('b')
      .select('o.name as scope_unit_name')
      .where('b.tenant_id', '=', actor.tenantId)
      .where('b.id', '=', id)
      .where((eb) => this.visible(eb, actor))
      .executeTakeFirst();
    if (!b) throw notFound('通报');
    return { ...b, figures: b.figures as BulletinFigures, body: b.body as BulletinBody };
  }

  private async loadDraft(actor: Actor, id: string, db: Executor) {
    const b = await this.loadBulletin(actor, id, db);
    if (!(await this.supervises(actor, b.scope_unit_id, db))) throw forbidden('只有督查人员可以修改通报');
    if (b.status === 'published') throw conflict('通报已印发，内容已锁定');
    return b;
  }

  async bulletin(actor: Actor, id: string) {
    const b = await this.loadBulletin(actor, id);
    const edits = b.status === 'draft' && (await this.supervises(actor, b.scope_unit_id));
    const issuer = await this.issuerOf(actor.tenantId, b.created_by);
    return { ...b, canEdit: edits, issuer };
  }

  /** The office that issues it: the unit of the person who generated it. */
  private async issuerOf(tenantId: string, userId: string | null): Promise<string> {
    if (!userId) return '';
    const r = await this.deps.db.selectFrom('users as u').innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'u.tenant_id').onRef('o.id', '=', 'u.org_unit_id')).select('o.name').where('u.tenant_id', '=', tenantId).where('u.id', '=', userId).executeTakeFirst();
    return r?.name ?? '';
  }

  async editBulletin(actor: Actor, id: string, edit: BulletinEdit): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const b = await this.loadDraft(actor, id, tx);
      const body = { ...b.body, ...Object.fromEntries(Object.entries(edit.body ?? {}).filter(([, v]) => v !== undefined)) };
      await tx.updateTable('bulletins').set({ ...(edit.title !== undefined ? { title: edit.title } : {}), ...(edit.docNumber !== undefined ? { doc_number: edit.docNumber } : {}), body: JSON.stringify(body), updated_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, { action: 'bulletin.edit', entityType: 'bulletin', entityId: id, summary: `修改通报：${edit.title ?? b.title}`, before: { title: b.title, docNumber: b.doc_number, body: b.body }, after: edit });
    });
  }

  /** Counts a draft's figures again from live data; the text is kept unless `redraft`. */
  async regenerate(actor: Actor, id: string, redraft = false): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const b = await this.loadDraft(actor, id, tx);
      const figures = await bulletinFigures(tx as Kysely<DB>, actor, { period: b.period, start: b.period_start, end: b.period_end, scopeUnitId: b.scope_unit_id, today: this.today() });
      await tx.updateTable('bulletins').set({ figures: JSON.stringify(figures), ...(redraft ? { body: JSON.stringify(draftBody(figures)) } : {}), generated_at: this.deps.clock.now(), updated_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, { action: 'bulletin.regenerate', entityType: 'bulletin', entityId: id, summary: `重新统计通报数据：${b.title}${redraft ? '（重拟正文）' : ''}`, before: { summary: b.figures.summary }, after: { summary: figures.summary } });
    });
  }

  /**
   * Publishes (印发) a draft: its figures and text are locked as they stand, the ranked units'
   * liaisons and the rule's owner are notified, and the occurrence it was prepared for is done.
   */
  async publish(actor: Actor, id: string): Promise<{ notified: number }> {
    return this.deps.db.transaction().execute(async (tx) => {
      const b = await this.loadDraft(actor, id, tx);
      if (!b.doc_number.trim()) throw invalid('docNumber', '请填写文号后再印发');
      const now = this.deps.clock.now();
      const done = await tx.updateTable('bulletins').set({ status: 'published', published_at: now, published_by: actor.userId || null, updated_at: now }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw conflict('通报已印发，内容已锁定');
      const title = `通报印发：${b.title}`;
      let notified = await this.deps.notifications.notifyUnits(tx, actor.tenantId, 'report', b.figures.ranking.map((r) => ({ unitId: r.unitId, title, body: `${b.doc_number} ${b.body.summary}`.slice(0, 500), taskId: null, dedupeKey: `bulletin:${id}` })));
      if (b.occurrence_id) {
        await tx.updateTable('cadence_occurrences').set({ status: 'done', held_on: shanghaiDate(now), record: `印发通报 ${b.doc_number}`, recorded_by: actor.userId || null, updated_at: now }).where('tenant_id', '=', actor.tenantId).where('id', '=', b.occurrence_id).where('status', 'in', ['planned', 'prepared']).execute();
        const owner = await tx.selectFrom('cadence_occurrences as c').innerJoin('cadence_rules as r', (j) => j.onRef('r.tenant_id', '=', 'c.tenant_id').onRef('r.id', '=', 'c.rule_id')).select('r.owner_user_id').where('c.tenant_id', '=', actor.tenantId).where('c.id', '=', b.occurrence_id).executeTakeFirst();
        if (owner?.owner_user_id && owner.owner_user_id !== actor.userId) notified += await this.deps.notifications.notify(tx, { tenantId: actor.tenantId, userIds: [owner.owner_user_id], kind: 'report', title, dedupeKey: `bulletin:${id}` });
      }
      await this.deps.audit.record(tx, actor, { action: 'bulletin.publish', entityType: 'bulletin', entityId: id, summary: `印发通报 ${b.doc_number} ${b.title}`, after: { notified } });
      return { notified };
    });
  }

  /** What the Word file is written from: the stored figures and text only. */
  async documentView(actor: Actor, id: string) {
    const b = await this.bulletin(actor, id);
    const tenant = await this.deps.db.selectFrom('tenants').select('is_demo').where('id', '=', actor.tenantId).executeTakeFirst();
    const dated = b.published_at ? shanghaiDate(new Date(b.published_at)) : shanghaiDate(new Date(b.generated_at));
    return { title: b.title, docNumber: b.doc_number, issuer: b.issuer, dated, figures: b.figures, body: b.body, draft: b.status === 'draft', isDemo: tenant?.is_demo ?? false };
  }
}

export type RuleRow = Awaited<ReturnType<RhythmService['listRules']>>[number];
export type OccurrenceRow = Awaited<ReturnType<RhythmService['listOccurrences']>>['data'][number];
export type BulletinListRow = Awaited<ReturnType<RhythmService['listBulletins']>>['data'][number];
export type BulletinDetail = Awaited<ReturnType<RhythmService['bulletin']>>;
