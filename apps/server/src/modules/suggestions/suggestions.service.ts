import { searchKey } from '@luoshi/shared';
import { sql, type Kysely } from 'kysely';
import { hasRole, scopeForRoles, unitInScope, type Actor } from '../../access/index.ts';
import type { Executor, Tx } from '../../db/database.ts';
import type { DB, SuggestionKind, SuggestionRating, SuggestionRow } from '../../db/schema.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { AttachmentService } from '../../supervision/attachment.service.ts';
import type { NotificationService } from '../../supervision/notification.service.ts';
import { isOwner } from '../../supervision/task.policy.ts';
import { bindAttachments, type TaskService } from '../../supervision/task.service.ts';
import { shanghaiDate } from '../../supervision/rules/working-days.ts';
import type { SuggestionAnswerView } from '../../reports/suggestion-answer.docx.ts';
import { findSuggestion, listSuggestions, suggestionStats, type StatsFilter, type SuggestionFilter, type SuggestionListRow } from './suggestions.repository.ts';
import { addMonths, answeredOnTime, closesHandling, RATINGS, SUGGESTION_KINDS, SUGGESTION_STATUSES, type AnswerCategory } from './suggestion-rules.ts';

export interface SuggestionsDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  tasks: TaskService;
  notifications: Pick<NotificationService, 'notify' | 'liaisonsOf'>;
  settings: { answerMonths: number; categories: readonly AnswerCategory[] };
}

export interface SuggestionInput {
  kind: SuggestionKind;
  /** Absent: the next number of the session and kind. */
  number?: string | undefined;
  session: string;
  title: string;
  content?: string | undefined;
  /** Deputies' accounts among the proposers (a deputy filing is always one of them). */
  proposerUserIds?: string[] | undefined;
  /** Proposers without an account, by name. */
  proposerNames?: string[] | undefined;
  attachmentIds?: string[] | undefined;
}

export interface AssignInput {
  mainUnitId: string;
  coUnitIds?: string[] | undefined;
  /** Absent: the legal answering deadline, `answerMonths` after today. */
  deadline?: string | undefined;
}

export interface AnswerInput {
  answer: string;
  category: string;
  attachmentIds?: string[] | undefined;
}

export interface RatingInput {
  rating: SuggestionRating;
  /** How a supervisor took the rating down for the proposer (电话, 座谈, 书面 …); required then. */
  means?: string | undefined;
  note?: string | undefined;
  /** The proposer agrees that the answer is published. */
  publicAgreed?: boolean | undefined;
  /** 不满意: the new round's deadline (absent: one month from today). */
  deadline?: string | undefined;
}

/** A row to import: the suggestion and, when the sheet named a main unit, its assignment. */
export interface ImportRow {
  row: number;
  input: SuggestionInput;
  assign: AssignInput | null;
}

const TASK_MODULE = 'suggestion';

/** The files of a round's answer are owned by the suggestion under `suggestionAnswer:<round>`, so each round shows its own. */
const ANSWER_OWNER = 'suggestionAnswer';
const answerOwner = (round: number) => `${ANSWER_OWNER}:${round}`;

/**
 * Deputies' proposals and suggestions (议案、建议、提案、群众意见): registered by a supervisor or
 * filed by a deputy, assigned to a main unit and assisting units as one task of module
 * 'suggestion' run by the supervision core, answered by the main unit with a handling category,
 * rated by the proposer (or for them by a supervisor); 不满意 sends it back in a new round. Actor
 * first; every write in one transaction with its audit row.
 */
export class SuggestionService {
  constructor(private readonly deps: SuggestionsDeps) {}

  get categories(): readonly AnswerCategory[] {
    return this.deps.settings.categories;
  }

  private today(): string {
    return shanghaiDate(this.deps.clock.now());
  }

  /** The suggestion, visible to the actor, or 404. */
  async row(actor: Actor, id: string, db: Executor = this.deps.db): Promise<SuggestionListRow> {
    const s = await findSuggestion(db, actor, id);
    if (!s) throw notFound('建议');
    return s;
  }

  list(actor: Actor, filter: SuggestionFilter) {
    return listSuggestions(this.deps.db, actor, filter);
  }

  stats(actor: Actor, filter: StatsFilter) {
    return suggestionStats(this.deps.db, actor, filter);
  }

  private isProposer(actor: Actor, s: Pick<SuggestionRow, 'proposer_user_ids'>): boolean {
    return !actor.readOnly && !!actor.userId && s.proposer_user_ids.includes(actor.userId);
  }

  /** The actor is a supervisor whose scope holds the unit. */
  private async supervises(actor: Actor, unitId: string | null, db: Executor = this.deps.db): Promise<boolean> {
    if (actor.readOnly || !hasRole(actor, 'supervisor') || !unitId) return false;
    return unitInScope(db, scopeForRoles(actor, ['supervisor']), actor.tenantId, unitId);
  }

  /** Registers a suggestion: a supervisor with any proposers, a deputy as its (first) proposer. */
  async create(actor: Actor, input: SuggestionInput): Promise<string> {
    const deputyFiling = !hasRole(actor, 'supervisor') && hasRole(actor, 'deputy');
    if (actor.readOnly || (!hasRole(actor, 'supervisor') && !deputyFiling)) throw forbidden('只有督查人员或代表委员可以提交建议');
    const proposerIds = [...new Set([...(deputyFiling ? [actor.userId] : []), ...(input.proposerUserIds ?? [])])];
    const office = deputyFiling ? await this.rootUnit(actor.tenantId) : actor.orgUnitId;
    return this.deps.db.transaction().execute(async (tx) => {
      const id = await this.insert(tx, actor, { ...input, proposerUserIds: proposerIds }, office);
      await this.deps.audit.record(tx, actor, { action: 'suggestion.create', entityType: 'suggestion', entityId: id, summary: `登记${SUGGESTION_KINDS[input.kind]}：${input.title.trim()}`, after: { ...input, proposerUserIds: proposerIds } });
      return id;
    });
  }

  private async rootUnit(tenantId: string): Promise<string> {
    const r = await this.deps.db.selectFrom('org_units').select('id').where('tenant_id', '=', tenantId).where('parent_id', 'is', null).orderBy('sort_order').orderBy('code').executeTakeFirstOrThrow();
    return r.id;
  }

  /** Checks and writes one suggestion; returns its id. */
  private async insert(tx: Executor, actor: Actor, input: SuggestionInput, officeUnitId: string, field = ''): Promise<string> {
    const title = input.title.trim();
    const session = input.session.trim();
    if (!title) throw invalid(`${field}title`, '请填写标题');
    if (!session) throw invalid(`${field}session`, '请填写届次');
    const names = [...new Set((input.proposerNames ?? []).map((n) => n.trim()).filter(Boolean))];
    const ids = input.proposerUserIds ?? [];
    if (ids.length + names.length === 0) throw invalid(`${field}proposerNames`, '请填写提出人');
    if (ids.length) {
      const deputies = await tx.selectFrom('role_grants').select('user_id').distinct().where('tenant_id', '=', actor.tenantId).where('user_id', 'in', ids).where('role', '=', 'deputy').execute();
      if (deputies.length !== ids.length) throw invalid(`${field}proposerUserIds`, '提出人账号应为代表委员');
    }
    let number = input.number?.trim() ?? '';
    if (!number) {
      const n = await tx.selectFrom('suggestions').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', actor.tenantId).where('session', '=', session).where('kind', '=', input.kind).executeTakeFirstOrThrow();
      number = String(Number(n.n) + 1);
    }
    const taken = await tx.selectFrom('suggestions').select('id').where('tenant_id', '=', actor.tenantId).where('session', '=', session).where('kind', '=', input.kind).where('number', '=', number).where('deleted_at', 'is', null).executeTakeFirst();
    if (taken) throw invalid(`${field}number`, `${session}第 ${number} 号${SUGGESTION_KINDS[input.kind]}已登记`);
    const r = await tx
      .insertInto('suggestions')
      .values({
        tenant_id: actor.tenantId,
        kind: input.kind,
        number,
        session,
        title,
        content: input.content?.trim() ?? '',
        proposer_user_ids: ids,
        proposer_names: names,
        office_unit_id: officeUnitId,
        search_key: searchKey(`${number} ${title} ${names.join(' ')}`).slice(0, 4000),
        created_by: actor.userId || null,
        created_at: this.deps.clock.now(),
        updated_at: this.deps.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.attachmentIds?.length) await bindAttachments(tx, actor, 'suggestion', r.id, input.attachmentIds);
    return r.id;
  }

  private async lock(tx: Tx, actor: Actor, id: string): Promise<SuggestionListRow> {
    const s = await this.row(actor, id, tx);
    const fresh = await tx.selectFrom('suggestions').select(['status', 'round']).where('tenant_id', '=', actor.tenantId).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (fresh.status !== s.status || fresh.round !== s.round) throw conflict('建议已被他人更新，请刷新后重试');
    return s;
  }

  /** The supervision core's checks of the handling task, before the transaction. */
  private async checkAssign(actor: Actor, input: AssignInput, deadline: string): Promise<void> {
    const bad = await this.deps.tasks.checkNew(actor, [{ title: 'x', leadUnitIds: [input.mainUnitId], coUnitIds: input.coUnitIds ?? [], deadline }]);
    if (bad) throw invalid(bad.field === 'leadUnitIds' ? 'mainUnitId' : bad.field, bad.message);
    if (deadline < this.today()) throw invalid('deadline', '答复期限不能早于今天');
  }

  private defaultDeadline(): string {
    return addMonths(this.today(), this.deps.settings.answerMonths);
  }

  /** Writes the assignment: the task (main unit, assisting units, deadline), the first round, the suggestion. */
  private async assignIn(tx: Tx, actor: Actor, s: Pick<SuggestionRow, 'id' | 'kind' | 'number' | 'session' | 'title' | 'content'>, input: AssignInput, deadline: string): Promise<string> {
    const task = await this.deps.tasks.createIn(tx, actor, {
      module: TASK_MODULE,
      title: `${s.session}第${s.number}号${SUGGESTION_KINDS[s.kind]}：${s.title}`.slice(0, 200),
      content: s.content,
      leadUnitIds: [input.mainUnitId],
      coUnitIds: input.coUnitIds ?? [],
      deadline,
    });
    const now = this.deps.clock.now();
    await tx.updateTable('suggestions').set({ status: 'handling', main_unit_id: input.mainUnitId, co_unit_ids: [...new Set(input.coUnitIds ?? [])].filter((u) => u !== input.mainUnitId), task_id: task.id, assigned_at: now, deadline, round: 1, updated_at: now }).where('tenant_id', '=', actor.tenantId).where('id', '=', s.id).execute();
    await tx.insertInto('suggestion_rounds').values({ tenant_id: actor.tenantId, suggestion_id: s.id, round: 1, deadline, started_at: now }).execute();
    return task.id;
  }

  /** A supervisor assigns a registered suggestion to its main unit (主办) and assisting units (协办). */
  async assign(actor: Actor, id: string, input: AssignInput): Promise<void> {
    await this.row(actor, id);
    const deadline = input.deadline ?? this.defaultDeadline();
    await this.checkAssign(actor, input, deadline);
    await this.deps.db.transaction().execute(async (tx) => {
      const s = await this.lock(tx, actor, id);
      if (!(await this.supervises(actor, s.office_unit_id, tx))) throw forbidden('只有登记单位的督查人员可以交办建议');
      if (s.status !== 'new') throw conflict(`建议当前为“${SUGGESTION_STATUSES[s.status]}”，不能再交办`);
      const taskId = await this.assignIn(tx, actor, s, input, deadline);
      await this.deps.audit.record(tx, actor, { action: 'suggestion.assign', entityType: 'suggestion', entityId: id, summary: `交办建议，答复期限 ${deadline}`, after: { ...input, deadline, taskId } });
    });
  }

  /** The main unit's liaison answers: the letter's text and its handling category; the task goes to the proposer's rating. */
  async answer(actor: Actor, id: string, input: AnswerInput): Promise<void> {
    if (!input.answer.trim()) throw invalid('answer', '请填写答复内容');
    const category = this.categories.find((c) => c.code === input.category.trim().toUpperCase());
    if (!category) throw invalid('category', `办理类别应为 ${this.categories.map((c) => `${c.code} ${c.label}`).join('、')} 之一`);
    await this.deps.db.transaction().execute(async (tx) => {
      const s = await this.lock(tx, actor, id);
      if (!s.main_unit_id || !isOwner(actor, { owner_unit_id: s.main_unit_id })) throw forbidden('只有主办单位可以答复');
      if (s.status !== 'handling') throw conflict(`建议当前为“${SUGGESTION_STATUSES[s.status]}”，不能答复`);
      const task = await tx.selectFrom('tasks').select('status').where('tenant_id', '=', actor.tenantId).where('id', '=', s.task_id!).executeTakeFirstOrThrow();
      if (task.status === 'assigned') await this.deps.tasks.acknowledge(actor, s.task_id!, { tx });
      await this.deps.tasks.requestCompletion(actor, s.task_id!, `答复（${category.code}类 ${category.label}）`, { tx, viaModule: true });
      const now = this.deps.clock.now();
      const onTime = answeredOnTime(shanghaiDate(now), s.deadline!);
      await tx.updateTable('suggestion_rounds').set({ answer: input.answer.trim(), category: category.code, answered_at: now, answered_by: actor.userId || null, on_time: onTime }).where('tenant_id', '=', actor.tenantId).where('suggestion_id', '=', id).where('round', '=', s.round).execute();
      await tx.updateTable('suggestions').set({ status: 'answered', category: category.code, answered_at: now, ...(s.round === 1 ? { first_on_time: onTime } : {}), updated_at: now }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      if (input.attachmentIds?.length) await bindAttachments(tx, actor, answerOwner(s.round), id, input.attachmentIds);
      if (s.proposer_user_ids.length) await this.deps.notifications.notify(tx, { tenantId: actor.tenantId, userIds: s.proposer_user_ids, kind: 'review', title: `建议已答复，请评价：${s.title}`, body: `${category.code}类 ${category.label}`, taskId: null, dedupeKey: `suggestion-answer:${id}:${s.round}` });
      await this.deps.audit.record(tx, actor, { action: 'suggestion.answer', entityType: 'suggestion', entityId: id, summary: `答复建议（第 ${s.round} 轮，${category.code}类${onTime ? '' : '，超过答复期限'}）`, after: { category: category.code, onTime, round: s.round } });
    });
  }

  /**
   * The proposer rates the answer through their own account, or a supervisor over the main unit
   * records it for them with the means noted. 满意 and 基本满意 close the handling (the task is
   * completed); 不满意 returns the task to the unit with a new deadline, in a new round.
   */
  async rate(actor: Actor, id: string, input: RatingInput): Promise<void> {
    const newDeadline = input.deadline ?? addMonths(this.today(), 1);
    if (!closesHandling(input.rating) && newDeadline < this.today()) throw invalid('deadline', '重新办理的期限不能早于今天');
    await this.deps.db.transaction().execute(async (tx) => {
      const s = await this.lock(tx, actor, id);
      const own = this.isProposer(actor, s) && hasRole(actor, 'deputy');
      if (!own && !(await this.supervises(actor, s.main_unit_id, tx))) throw forbidden('只有提出人本人或督查人员可以评价答复');
      const means = own ? null : input.means?.trim() || null;
      if (!own && !means) throw invalid('means', '代为录入评价时请注明方式（电话、座谈、书面……）');
      if (s.status !== 'answered') throw conflict(`建议当前为“${SUGGESTION_STATUSES[s.status]}”，不能评价`);
      const now = this.deps.clock.now();
      await tx.updateTable('suggestion_rounds').set({ rating: input.rating, rating_means: means, rating_note: input.note?.trim() ?? '', rated_by: actor.userId || null, rated_at: now }).where('tenant_id', '=', actor.tenantId).where('suggestion_id', '=', id).where('round', '=', s.round).execute();
      const word = `${RATINGS[input.rating]}${means ? `(${means})` : ''}`;
      if (closesHandling(input.rating)) {
        await this.deps.tasks.complete(actor, s.task_id!, `代表评价：${word}`, { tx, viaModule: true });
        await tx.updateTable('suggestions').set({ status: 'closed', rating: input.rating, ...(input.publicAgreed !== undefined ? { public_agreed: input.publicAgreed } : {}), updated_at: now }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      } else {
        // The new deadline first, so the returned task is lit against it.
        await tx.updateTable('tasks').set({ deadline: newDeadline, updated_at: now }).where('tenant_id', '=', actor.tenantId).where('id', '=', s.task_id!).execute();
        await this.deps.tasks.returnTask(actor, s.task_id!, `代表评价不满意，重新办理，期限 ${newDeadline}${input.note?.trim() ? `:${input.note.trim()}` : ''}`, { tx, viaModule: true });
        await tx.insertInto('suggestion_rounds').values({ tenant_id: actor.tenantId, suggestion_id: id, round: s.round + 1, deadline: newDeadline, started_at: now }).execute();
        await tx.updateTable('suggestions').set({ status: 'handling', rating: input.rating, round: s.round + 1, deadline: newDeadline, answered_at: null, ...(input.publicAgreed !== undefined ? { public_agreed: input.publicAgreed } : {}), updated_at: now }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      }
      await this.deps.audit.record(tx, actor, { action: 'suggestion.rate', entityType: 'suggestion', entityId: id, summary: `评价答复：${word}${closesHandling(input.rating) ? '' : `，重新办理，期限 ${newDeadline}`}`, after: { ...input, means, round: s.round } });
    });
  }

  /** A supervisor publishes the answer (the proposer agreed) or withdraws it. */
  async setPublished(actor: Actor, id: string, published: boolean): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const s = await this.lock(tx, actor, id);
      if (!(await this.supervises(actor, s.office_unit_id, tx)) && !(await this.supervises(actor, s.main_unit_id, tx))) throw forbidden('只有督查人员可以公开答复');
      if (published && !s.public_agreed) throw conflict('提出人未同意公开答复');
      if (published && s.status !== 'closed' && s.status !== 'answered') throw conflict('尚未答复的建议不能公开');
      await tx.updateTable('suggestions').set({ published_at: published ? this.deps.clock.now() : null, updated_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, { action: published ? 'suggestion.publish' : 'suggestion.unpublish', entityType: 'suggestion', entityId: id, summary: published ? '公开答复' : '撤回公开' });
    });
  }

  /** The proposer agrees (or no longer agrees) that the answer is published; withdrawing also unpublishes it. */
  async setAgreement(actor: Actor, id: string, agreed: boolean): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const s = await this.lock(tx, actor, id);
      if (!this.isProposer(actor, s)) throw forbidden('只有提出人本人可以同意公开');
      await tx.updateTable('suggestions').set({ public_agreed: agreed, ...(agreed ? {} : { published_at: null }), updated_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, { action: 'suggestion.agree', entityType: 'suggestion', entityId: id, summary: agreed ? '同意公开答复' : '不同意公开答复' });
    });
  }

  /** A published answer without login: the suggestion's kind, number, session, title and text, the main unit, the answer, its category and date; no proposer. */
  async publicView(id: string) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('建议');
    const s = await this.deps.db
      .selectFrom('suggestions as s')
      .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 's.tenant_id').onRef('u.id', '=', 's.main_unit_id'))
      .innerJoin('suggestion_rounds as r', (j) => j.onRef('r.tenant_id', '=', 's.tenant_id').onRef('r.suggestion_id', '=', 's.id'))
      .select(['s.id', 's.kind', 's.number', 's.session', 's.title', 's.content', 'u.name as main_unit_name', 'r.answer', 'r.category', 'r.answered_at'])
      .where('s.id', '=', id)
      .where('s.deleted_at', 'is', null)
      .where('s.published_at', 'is not', null)
      .where('s.public_agreed', '=', true)
      .where('r.answer', 'is not', null)
      .orderBy('r.round', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!s) throw notFound('建议');
    return { ...s, category_label: this.categories.find((c) => c.code === s.category)?.label ?? s.category };
  }

  /** The suggestion with its rounds, names, files and what the actor may do. */
  async detail(actor: Actor, id: string) {
    const s = await this.row(actor, id);
    const t = actor.tenantId;
    const [rounds, people, coUnits, files, office] = await Promise.all([
      this.deps.db.selectFrom('suggestion_rounds as r').leftJoin('users as a', (j) => j.onRef('a.tenant_id', '=', 'r.tenant_id').onRef('a.id', '=', 'r.answered_by')).leftJoin('users as b', (j) => j.onRef('b.tenant_id', '=', 'r.tenant_id').onRef('b.id', '=', 'r.rated_by')).selectAll('r').select(['a.display_name as answered_by_name', 'b.display_name as rated_by_name']).where('r.tenant_id', '=', t).where('r.suggestion_id', '=', id).orderBy('r.round').execute(),
      s.proposer_user_ids.length ? this.deps.db.selectFrom('users').select(['id', 'display_name']).where('tenant_id', '=', t).where('id', 'in', s.proposer_user_ids).execute() : Promise.resolve([]),
      s.co_unit_ids.length ? this.deps.db.selectFrom('org_units').select(['id', 'name']).where('tenant_id', '=', t).where('id', 'in', s.co_unit_ids).execute() : Promise.resolve([]),
      this.deps.db.selectFrom('attachments').select(['id', 'owner_type', 'file_name', 'content_type', 'size_bytes']).where('tenant_id', '=', t).where('owner_id', '=', id).where((eb) => eb.or([eb('owner_type', '=', 'suggestion'), eb('owner_type', 'like', `${ANSWER_OWNER}:%`)])).where('deleted_at', 'is', null).orderBy('uploaded_at').orderBy('id').execute(),
      this.supervises(actor, s.office_unit_id),
    ]);
    const overMain = await this.supervises(actor, s.main_unit_id);
    const own = this.isProposer(actor, s);
    return {
      suggestion: s,
      proposers: [...people.map((p) => p.display_name), ...s.proposer_names],
      coUnits: s.co_unit_ids.map((u) => coUnits.find((c) => c.id === u)?.name ?? ''),
      rounds: rounds.map((r) => ({ ...r, files: files.filter((f) => f.owner_type === answerOwner(r.round)) })),
      files: files.filter((f) => f.owner_type === 'suggestion'),
      can: {
        assign: office && s.status === 'new',
        answer: s.status === 'handling' && !!s.main_unit_id && isOwner(actor, { owner_unit_id: s.main_unit_id }),
        rate: s.status === 'answered' && ((own && hasRole(actor, 'deputy')) || overMain),
        rateForProposer: s.status === 'answered' && overMain && !(own && hasRole(actor, 'deputy')),
        agree: own,
        publish: (office || overMain) && s.public_agreed && (s.status === 'closed' || s.status === 'answered'),
      },
    };
  }

  /**
   * To-dos: for the actor's unit (a liaison), suggestions to answer, nearest deadline first; for a
   * deputy, answers to rate. The first `limit` of each and their counts.
   */
  async todo(actor: Actor, limit = 5) {
    const t = actor.tenantId;
    const liaisonUnits = actor.readOnly ? [] : [...new Set(actor.grants.filter((g) => g.role === 'liaison').flatMap((g) => (g.scopeKind === 'units' ? g.unitIds : [actor.orgUnitId])))];
    const toAnswer = liaisonUnits.length
      ? this.deps.db.selectFrom('suggestions').select(['id', 'kind', 'number', 'session', 'title', 'deadline', 'round', sql<number>`count(*) OVER ()`.as('total')]).where('tenant_id', '=', t).where('deleted_at', 'is', null).where('status', '=', 'handling').where('main_unit_id', 'in', liaisonUnits).orderBy('deadline').orderBy('id').limit(limit).execute()
      : Promise.resolve([]);
    const toRate = hasRole(actor, 'deputy') && !actor.readOnly && actor.userId
      ? this.deps.db.selectFrom('suggestions').select(['id', 'kind', 'number', 'session', 'title', 'deadline', 'round', sql<number>`count(*) OVER ()`.as('total')]).where('tenant_id', '=', t).where('deleted_at', 'is', null).where('status', '=', 'answered').where(sql<boolean>`proposer_user_ids @> ARRAY[${actor.userId}]::uuid[]`).orderBy('answered_at').orderBy('id').limit(limit).execute()
      : Promise.resolve([]);
    const [a, r] = await Promise.all([toAnswer, toRate]);
    return { toAnswer: { total: Number(a[0]?.total ?? 0), items: a }, toRate: { total: Number(r[0]?.total ?? 0), items: r } };
  }

  /** The latest answer as its letter prints it (for whoever sees the suggestion); 404 before any answer. */
  async answerLetterView(actor: Actor, id: string): Promise<SuggestionAnswerView & { fileName: string }> {
    const d = await this.detail(actor, id);
    const r = [...d.rounds].reverse().find((x) => x.answer !== null);
    if (!r) throw notFound('答复');
    const s = d.suggestion;
    const tenant = await this.deps.db.selectFrom('tenants').select('is_demo').where('id', '=', actor.tenantId).executeTakeFirst();
    const kind = SUGGESTION_KINDS[s.kind];
    const title = `关于${s.session}第${s.number}号${kind}的答复`;
    return {
      category: r.category ?? '',
      categoryLabel: this.categories.find((c) => c.code === r.category)?.label ?? '',
      title,
      addressee: d.proposers.length ? d.proposers.join('、') : '提出人',
      answer: r.answer ?? '',
      mainUnit: s.main_unit_name ?? '',
      coUnits: d.coUnits,
      answeredOn: shanghaiDate(r.answered_at!),
      round: r.round,
      isDemo: tenant?.is_demo ?? false,
      fileName: `${title}.docx`,
    };
  }

  /** The attachments of a suggestion and of its answers are read by whoever sees it. */
  registerAttachmentOwners(attachments: Pick<AttachmentService, 'registerOwner'>): void {
    const check = async (actor: Actor, id: string) => {
      await this.row(actor, id);
    };
    attachments.registerOwner('suggestion', check);
    attachments.registerOwner(ANSWER_OWNER, check);
  }

  /**
   * Imported suggestions, all in one transaction: each registered, and assigned when its row named
   * a main unit. The supervision core's checks of every assignment run first; a failing row is
   * named by its sheet row, and nothing is written.
   */
  async importRows(actor: Actor, rows: ImportRow[]): Promise<{ created: number; assigned: number }> {
    if (actor.readOnly || !hasRole(actor, 'supervisor')) throw forbidden('只有督查人员可以导入建议');
    const deadline = this.defaultDeadline();
    const withUnit = rows.filter((r) => r.assign);
    const bad = withUnit.length ? await this.deps.tasks.checkNew(actor, withUnit.map((r) => ({ title: 'x', leadUnitIds: [r.assign!.mainUnitId], coUnitIds: r.assign!.coUnitIds ?? [], deadline: r.assign!.deadline ?? deadline }))) : null;
    if (bad) {
      const row = withUnit[bad.index]!.row;
      throw new AppError('IMPORT_INVALID', `导入失败：第 ${row} 行：${bad.message}。没有写入任何数据。`, [{ row, column: bad.field === 'coUnitIds' ? '协办单位' : '主办单位', message: bad.message }]);
    }
    return this.deps.db.transaction().execute(async (tx) => {
      let assigned = 0;
      for (const r of rows) {
        let id: string;
        try {
          id = await this.insert(tx, actor, r.input, actor.orgUnitId);
        } catch (err) {
          if (err instanceof AppError && err.code === 'VALIDATION') {
            const message = (err.details as { message: string }[])[0]!.message;
            throw new AppError('IMPORT_INVALID', `导入失败：第 ${r.row} 行：${message}。没有写入任何数据。`, [{ row: r.row, column: '', message }]);
          }
          throw err;
        }
        if (!r.assign) continue;
        const s = await tx.selectFrom('suggestions').select(['id', 'kind', 'number', 'session', 'title', 'content']).where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirstOrThrow();
        await this.assignIn(tx, actor, s, r.assign, r.assign.deadline ?? deadline);
        assigned++;
      }
      await this.deps.audit.record(tx, actor, { action: 'suggestion.import', entityType: 'suggestion', entityId: null, summary: `导入建议 ${rows.length} 件，其中交办 ${assigned} 件` });
      return { created: rows.length, assigned };
    });
  }
}
