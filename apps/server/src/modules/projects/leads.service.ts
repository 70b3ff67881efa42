import { escapeLike, searchKey } from '@luoshi/shared';
import { sql, type Kysely } from 'kysely';
import { inScope, scopeContains, scopeForRoles, type Actor } from '../../access/index.ts';
import { paginate, type Page, type PageQuery } from '../../db/pagination.ts';
import type { DB, LeadRow, LeadStage, ProjectRow } from '../../db/schema.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import { shanghaiDate } from '../../supervision/rules/working-days.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { ProjectService } from './projects.service.ts';

export const LEAD_STAGES = ['talking', 'signed', 'landed', 'started', 'producing'] as const satisfies readonly LeadStage[];
export const LEAD_STAGE_LABELS: Record<LeadStage, string> = { talking: '洽谈', signed: '签约', landed: '落地', started: '开工', producing: '投产' };
export const VISIT_KINDS = ['visit', 'talk', 'call', 'other'] as const;

export interface LeadInput {
  company: string;
  industry?: string | null | undefined;
  intendedInvestment?: number | undefined;
  source?: string | null | undefined;
  stage?: LeadStage | undefined;
  unitId: string;
  person?: string | null | undefined;
  nextStep?: string | null | undefined;
  signedOn?: string | null | undefined;
  signedAmount?: number | null | undefined;
  fundsInPlace?: number | undefined;
}

export interface LeadFilter extends PageQuery {
  q?: string | undefined;
  stage?: LeadStage[] | undefined;
  unitId?: string | undefined;
}

export interface ConvertInput {
  code: string;
  name: string;
  kind: ProjectRow['kind'];
  level: ProjectRow['level'];
  totalInvestment?: number | undefined;
}

export type LeadListRow = LeadRow & { unit_name: string; visit_count: number; last_visit: string | null };

/** The log of a lead, newest first (the project a lead became shows it too). */
export function leadVisits(db: Kysely<DB>, tenantId: string, leadId: string) {
  return db
    .selectFrom('lead_visits as v')
    .leftJoin('users as u', (j) => j.onRef('u.tenant_id', '=', 'v.tenant_id').onRef('u.id', '=', 'v.recorded_by'))
    .select(['v.id', 'v.visited_on', 'v.kind', 'v.summary', 'v.recorded_at', 'u.display_name as recorder_name'])
    .where('v.tenant_id', '=', tenantId)
    .where('v.lead_id', '=', leadId)
    .orderBy('v.visited_on', 'desc')
    .orderBy('v.recorded_at', 'desc')
    .execute();
}

const leadKey = (l: { company: string; industry?: string | null | undefined; source?: string | null | undefined }) => searchKey([l.company, l.industry ?? '', l.source ?? ''].join(' ')).slice(0, 2000);

/**
 * Investment attraction (issue 11, item 5): leads from first talks to production with their log of
 * visits and talks, kept by the responsible unit; yearly quotas per unit and how far each has got;
 * a signed lead becomes a key project, the lead and its log staying linked to it.
 */
export class LeadService {
  constructor(private readonly deps: { db: Kysely<DB>; clock: Clock; audit: Pick<AuditService, 'record'>; projects: ProjectService }) {}

  /** The lead with what the actor may do; 404 outside scope. Writers: supervisors and the unit's liaisons. */
  async load(actor: Actor, id: string): Promise<{ lead: LeadRow; writes: boolean; supervises: boolean }> {
    const row = await this.deps.db
      .selectFrom('investment_leads as l')
      .selectAll('l')
      .select(sql<string[]>`ARRAY(SELECT oc.ancestor_id::text FROM org_closure oc WHERE oc.tenant_id = l.tenant_id AND oc.descendant_id = l.unit_id)`.as('unit_path'))
      .where('l.tenant_id', '=', actor.tenantId)
      .where('l.id', '=', id)
      .where('l.deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw notFound('招商线索');
    const { unit_path: path, ...lead } = row;
    if (!scopeContains(actor.scope, lead.unit_id, path)) throw notFound('招商线索');
    const supervises = !actor.readOnly && scopeContains(scopeForRoles(actor, ['supervisor']), lead.unit_id, path);
    const writes = supervises || (!actor.readOnly && scopeContains(scopeForRoles(actor, ['liaison']), lead.unit_id, path));
    return { lead, writes, supervises };
  }

  /** The unit may be given a lead by this actor: in a supervising or liaison scope. */
  private async checkUnit(actor: Actor, unitId: string): Promise<void> {
    if (actor.readOnly) throw forbidden('只读令牌不能修改数据');
    const scope = scopeForRoles(actor, ['supervisor', 'liaison']);
    if (!scope.all && scope.subtreeRoots.length === 0 && scope.units.length === 0) throw forbidden('只有督查人员或责任单位联络员可以登记招商线索');
    const unit = await this.deps.db.selectFrom('org_units as u').select('u.id').where('u.tenant_id', '=', actor.tenantId).where('u.id', '=', unitId).where('u.active', '=', true).where((eb) => inScope(scope, actor.tenantId, eb.ref('u.id'))).executeTakeFirst();
    if (!unit) throw invalid('unitId', '责任单位不存在或不在您的范围内');
  }

  private checkSigning(l: { stage: LeadStage; signedOn: string | null | undefined; signedAmount: number | null | undefined }): void {
    if (l.stage === 'talking') return;
    if (!l.signedOn) throw invalid('signedOn', `线索处于「${LEAD_STAGE_LABELS[l.stage]}」阶段，请填写签约日期`);
    if (l.signedAmount === null || l.signedAmount === undefined) throw invalid('signedAmount', '请填写签约金额（万元）');
    if (l.signedOn > shanghaiDate(this.deps.clock.now())) throw invalid('signedOn', '签约日期不能晚于今天');
  }

  async create(actor: Actor, input: LeadInput): Promise<LeadRow> {
    await this.checkUnit(actor, input.unitId);
    const stage = input.stage ?? 'talking';
    this.checkSigning({ stage, signedOn: input.signedOn, signedAmount: input.signedAmount });
    return this.deps.db.transaction().execute(async (tx) => {
      const now = this.deps.clock.now();
      const row = await tx
        .insertInto('investment_leads')
        .values({
          tenant_id: actor.tenantId,
          company: input.company,
          industry: input.industry || null,
          intended_investment: input.intendedInvestment ?? 0,
          source: input.source || null,
          stage,
          unit_id: input.unitId,
          person: input.person || null,
          next_step: input.nextStep || null,
          signed_on: input.signedOn ?? null,
          signed_amount: input.signedAmount ?? null,
          funds_in_place: input.fundsInPlace ?? 0,
          search_key: leadKey(input),
          created_by: actor.userId || null,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, actor, { action: 'lead.create', entityType: 'lead', entityId: row.id, summary: `登记招商线索 ${input.company}`, after: input });
      return row;
    });
  }

  async update(actor: Actor, id: string, patch: Partial<LeadInput>): Promise<LeadRow> {
    const { lead, writes } = await this.load(actor, id);
    if (!writes) throw forbidden('只有督查人员或责任单位联络员可以修改招商线索');
    if (patch.unitId && patch.unitId !== lead.unit_id) await this.checkUnit(actor, patch.unitId);
    const stage = patch.stage ?? lead.stage;
    if (lead.project_id && patch.stage === 'talking') throw conflict('线索已转为项目，不能退回洽谈阶段');
    this.checkSigning({ stage, signedOn: patch.signedOn !== undefined ? patch.signedOn : lead.signed_on, signedAmount: patch.signedAmount !== undefined ? patch.signedAmount : lead.signed_amount });
    return this.deps.db.transaction().execute(async (tx) => {
      const next = { company: patch.company ?? lead.company, industry: patch.industry !== undefined ? patch.industry : lead.industry, source: patch.source !== undefined ? patch.source : lead.source };
      const row = await tx
        .updateTable('investment_leads')
        .set({
          ...(patch.company ? { company: patch.company } : {}),
          ...(patch.industry !== undefined ? { industry: patch.industry || null } : {}),
          ...(patch.intendedInvestment !== undefined ? { intended_investment: patch.intendedInvestment } : {}),
          ...(patch.source !== undefined ? { source: patch.source || null } : {}),
          ...(patch.stage ? { stage: patch.stage } : {}),
          ...(patch.unitId ? { unit_id: patch.unitId } : {}),
          ...(patch.person !== undefined ? { person: patch.person || null } : {}),
          ...(patch.nextStep !== undefined ? { next_step: patch.nextStep || null } : {}),
          ...(patch.signedOn !== undefined ? { signed_on: patch.signedOn } : {}),
          ...(patch.signedAmount !== undefined ? { signed_amount: patch.signedAmount } : {}),
          ...(patch.fundsInPlace !== undefined ? { funds_in_place: patch.fundsInPlace } : {}),
          search_key: leadKey(next),
          updated_at: this.deps.clock.now(),
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, actor, { action: 'lead.update', entityType: 'lead', entityId: id, summary: `修改招商线索 ${row.company}${patch.stage && patch.stage !== lead.stage ? `:${LEAD_STAGE_LABELS[lead.stage]} → ${LEAD_STAGE_LABELS[patch.stage]}` : ''}`, before: { stage: lead.stage }, after: patch });
      return row;
    });
  }

  /**
   * Deletes a lead entered by mistake (a supervisor or the unit's liaison; the screen asks first).
   * A lead with a history is refused: one with visits or talks on record, or one already made a project.
   */
  async remove(actor: Actor, id: string): Promise<void> {
    const { lead, writes } = await this.load(actor, id);
    if (!writes) throw forbidden('只有督查人员或责任单位联络员可以删除招商线索');
    if (lead.project_id) throw conflict('线索已转为重点项目，不能删除');
    await this.deps.db.transaction().execute(async (tx) => {
      const visit = await tx.selectFrom('lead_visits').select('id').where('tenant_id', '=', actor.tenantId).where('lead_id', '=', id).limit(1).executeTakeFirst();
      if (visit) throw conflict('线索已有走访洽谈记录，不能删除');
      const now = this.deps.clock.now();
      await tx.updateTable('investment_leads').set({ deleted_at: now, updated_at: now }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, { action: 'lead.delete', entityType: 'lead', entityId: id, summary: `删除招商线索 ${lead.company}`, before: { company: lead.company, stage: lead.stage, unitId: lead.unit_id } });
    });
  }

  /** Adds a visit or talk to the lead's log. */
  async addVisit(actor: Actor, id: string, input: { visitedOn: string; kind: (typeof VISIT_KINDS)[number]; summary: string }): Promise<void> {
    const { lead, writes } = await this.load(actor, id);
    if (!writes) throw forbidden('只有督查人员或责任单位联络员可以记录走访洽谈');
    if (input.visitedOn > shanghaiDate(this.deps.clock.now())) throw invalid('visitedOn', '走访日期不能晚于今天');
    await this.deps.db.transaction().execute(async (tx) => {
      await tx.insertInto('lead_visits').values({ tenant_id: actor.tenantId, lead_id: id, visited_on: input.visitedOn, kind: input.kind, summary: input.summary, recorded_by: actor.userId || null, recorded_at: this.deps.clock.now() }).execute();
      await tx.updateTable('investment_leads').set({ updated_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, { action: 'lead.visit', entityType: 'lead', entityId: id, summary: `${lead.company} 走访洽谈 ${input.visitedOn}`, after: input });
    });
  }

  /**
   * A signed lead becomes a key project in one transaction: the project takes the company as its
   * owner, the lead's unit as its lead unit and the signing date as its 签约 milestone; the lead
   * keeps its log and points at the project.
   */
  async convert(actor: Actor, id: string, input: ConvertInput): Promise<{ projectId: string }> {
    const { lead, supervises } = await this.load(actor, id);
    if (!supervises) throw forbidden('只有督查人员可以将线索转为重点项目');
    if (lead.project_id) throw conflict('该线索已转为重点项目');
    if (lead.stage === 'talking' || !lead.signed_on) throw invalid('stage', '线索签约后才能转为重点项目');
    const projectInput = {
      code: input.code,
      name: input.name,
      kind: input.kind,
      level: input.level,
      industry: lead.industry,
      ownerCompany: lead.company,
      totalInvestment: input.totalInvestment ?? Number(lead.signed_amount ?? lead.intended_investment),
      leadUnitId: lead.unit_id,
      startYear: Number(lead.signed_on.slice(0, 4)),
      milestones: [{ stage: 'signed' as const, actualDate: lead.signed_on }],
    };
    await this.deps.projects.validateNew(actor, projectInput);
    return this.deps.db.transaction().execute(async (tx) => {
      const locked = await tx.selectFrom('investment_leads').select('project_id').where('tenant_id', '=', actor.tenantId).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      if (locked.project_id) throw conflict('该线索已转为重点项目');
      const project = await this.deps.projects.createIn(tx, actor, projectInput);
      await tx.updateTable('investment_leads').set({ project_id: project.id, updated_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, { action: 'lead.convert', entityType: 'lead', entityId: id, summary: `招商线索 ${lead.company} 转为重点项目 ${input.code}`, after: { projectId: project.id, ...input } });
      return { projectId: project.id };
    });
  }

  async list(actor: Actor, filter: LeadFilter): Promise<Page<LeadListRow>> {
    let q = this.deps.db
      .selectFrom('investment_leads as l')
      .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'l.tenant_id').onRef('o.id', '=', 'l.unit_id'))
      .where('l.tenant_id', '=', actor.tenantId)
      .where('l.deleted_at', 'is', null)
      .where((eb) => inScope(actor.scope, actor.tenantId, eb.ref('l.unit_id')));
    if (filter.stage?.length) q = q.where('l.stage', 'in', filter.stage);
    if (filter.unitId) {
      const unit = filter.unitId;
      q = q.where('l.unit_id', 'in', (eb) => eb.selectFrom('org_closure').select('descendant_id').where('tenant_id', '=', actor.tenantId).where('ancestor_id', '=', unit));
    }
    if (filter.q?.trim()) q = q.where('l.search_key', 'like', `%${escapeLike(searchKey(filter.q))}%`);
    const rows = q
      .selectAll('l')
      .select([
        'o.name as unit_name',
        sql<number>`(SELECT count(*) FROM lead_visits v WHERE v.tenant_id = l.tenant_id AND v.lead_id = l.id)`.as('visit_count'),
        sql<string | null>`(SELECT max(v.visited_on)::text FROM lead_visits v WHERE v.tenant_id = l.tenant_id AND v.lead_id = l.id)`.as('last_visit'),
      ])
      .orderBy('l.updated_at', 'desc')
      .orderBy('l.id');
    const page = await paginate(rows, q, filter);
    return { ...page, data: page.data.map((r) => ({ ...r, visit_count: Number(r.visit_count) })) };
  }

  async detail(actor: Actor, id: string) {
    const { lead, writes, supervises } = await this.load(actor, id);
    const [unit, visits, project] = await Promise.all([
      this.deps.db.selectFrom('org_units').select('name').where('tenant_id', '=', actor.tenantId).where('id', '=', lead.unit_id).executeTakeFirstOrThrow(),
      this.visits(actor.tenantId, id),
      lead.project_id ? this.deps.db.selectFrom('projects').select(['id', 'code', 'name']).where('tenant_id', '=', actor.tenantId).where('id', '=', lead.project_id).executeTakeFirst() : Promise.resolve(undefined),
    ]);
    return { lead: { ...lead, unit_name: unit.name }, visits, project: project ?? null, policies: { canEdit: writes, canConvert: supervises && !lead.project_id && lead.stage !== 'talking' } };
  }

  visits(tenantId: string, leadId: string) {
    return leadVisits(this.deps.db, tenantId, leadId);
  }

  /**
   * Each unit in the caller's scope that has a quota for the year, with how far it has got: leads
   * of the unit and the units below it signed that year (count and amount) and their funds in place.
   */
  async quotas(actor: Actor, year: number) {
    const rows = await this.deps.db
      .selectFrom('attraction_quotas as q')
      .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'q.tenant_id').onRef('o.id', '=', 'q.unit_id'))
      .select([
        'q.unit_id',
        'o.name as unit_name',
        'q.signed_projects',
        'q.signed_amount',
        'q.funds_in_place',
        sql<number>`count(l.id)`.as('done_projects'),
        sql<number>`coalesce(sum(l.signed_amount), 0)`.as('done_amount'),
        sql<number>`coalesce(sum(l.funds_in_place), 0)`.as('done_funds'),
      ])
      .leftJoin('org_closure as oc', (j) => j.onRef('oc.tenant_id', '=', 'q.tenant_id').onRef('oc.ancestor_id', '=', 'q.unit_id'))
      .leftJoin('investment_leads as l', (j) =>
        j
          .onRef('l.tenant_id', '=', 'oc.tenant_id')
          .onRef('l.unit_id', '=', 'oc.descendant_id')
          .on('l.deleted_at', 'is', null)
          .on('l.stage', '!=', 'talking')
          .on(sql<boolean>`l.signed_on >= ${`${year}-01-01`}::date AND l.signed_on <= ${`${year}-12-31`}::date`),
      )
      .where('q.tenant_id', '=', actor.tenantId)
      .where('q.year', '=', year)
      .where((eb) => inScope(actor.scope, actor.tenantId, eb.ref('q.unit_id')))
      .groupBy(['q.unit_id', 'o.name', 'q.signed_projects', 'q.signed_amount', 'q.funds_in_place', 'o.depth', 'o.sort_order', 'o.code'])
      .orderBy('o.depth')
      .orderBy('o.sort_order')
      .orderBy('o.code')
      .execute();
    return rows.map((r) => ({ ...r, signed_amount: Number(r.signed_amount), funds_in_place: Number(r.funds_in_place), done_projects: Number(r.done_projects), done_amount: Number(r.done_amount), done_funds: Number(r.done_funds) }));
  }

  /** Sets a unit's quotas for a year (supervisors over the unit). */
  async setQuota(actor: Actor, input: { unitId: string; year: number; signedProjects: number; signedAmount: number; fundsInPlace: number }): Promise<void> {
    if (actor.readOnly || !actor.grants.some((g) => g.role === 'supervisor')) throw forbidden('只有督查人员可以下达招商目标');
    const scope = scopeForRoles(actor, ['supervisor']);
    const unit = await this.deps.db.selectFrom('org_units as u').select(['u.id', 'u.name']).where('u.tenant_id', '=', actor.tenantId).where('u.id', '=', input.unitId).where((eb) => inScope(scope, actor.tenantId, eb.ref('u.id'))).executeTakeFirst();
    if (!unit) throw notFound('单位');
    await this.deps.db.transaction().execute(async (tx) => {
      const values = { signed_projects: input.signedProjects, signed_amount: input.signedAmount, funds_in_place: input.fundsInPlace };
      await tx
        .insertInto('attraction_quotas')
        .values({ tenant_id: actor.tenantId, unit_id: input.unitId, year: input.year, ...values })
        .onConflict((oc) => oc.columns(['tenant_id', 'unit_id', 'year']).doUpdateSet(values))
        .execute();
      await this.deps.audit.record(tx, actor, { action: 'lead.quota', entityType: 'org_unit', entityId: input.unitId, summary: `下达 ${unit.name} ${input.year} 年招商目标`, after: input });
    });
  }
}
