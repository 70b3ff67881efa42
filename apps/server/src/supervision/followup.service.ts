import { escapeLike, searchKey } from '@luoshi/shared';
import { sql } from 'kysely';
import { inScope, type Actor } from '../access/index.ts';
import { paginate, type Page, type PageQuery } from '../db/pagination.ts';
import type { ExtensionRequestsTable, SupervisionOrderRow, TaskRow } from '../db/schema.ts';
import type { Executor } from '../db/database.ts';
import type { TaskAccess } from './task.policy.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../errors.ts';
import type { Selectable } from 'kysely';
import { LEVEL_NAMES } from './rules/escalation.ts';
import type { OrderLevel, OrderStatus } from './rules/lights.ts';
import { addWorkdays, shanghaiDate } from './rules/working-days.ts';
import { recordTaskEvent } from './task-events.ts';
import type { SupervisionDeps, TaskService } from './task.service.ts';


/** The filters of the 督办单 list (and its export). */
export interface OrderFilter extends PageQuery {
  status?: OrderStatus[] | undefined;
  level?: OrderLevel | undefined;
  /** Number, matter or the task's title (simplified and traditional alike). */
  q?: string | undefined;
  /** Orders not answered by their reply deadline (待回复 past it). */
  replyOverdue?: boolean | undefined;
}

/** A row of the 督办单 list: the order with its task's title and the answering unit's name. */
export type OrderListRow = SupervisionOrderRow & { task_title: string; recipient_unit_name: string };

export interface OrderInput {
  level: 'blue' | 'yellow' | 'red';
  matter: string;
  requirements?: string | undefined;
  replyDeadline: string;
}

/**
 * What follows an assignment when it does not go by itself: reminders by hand, supervision
 * orders (督办单) and their replies, extension requests and leaders' instructions (批示).
 */
export class FollowUpService {
  constructor(private readonly deps: SupervisionDeps & { tasks: TaskService; orderSignoff?: readonly OrderLevel[] | undefined }) {}

  /** The deployment asks for the responsible leader's 签发 before an order of this level goes out. */
  private needsSignoff(level: OrderLevel): boolean {
    return (this.deps.orderSignoff ?? []).includes(level);
  }

  private now() {
    return this.deps.clock.now();
  }

  private event(actor: Actor, tx: Parameters<SupervisionDeps['lights']['recomputeUp']>[0], taskId: string, kind: string, comment: string, data?: unknown): Promise<void> {
    return recordTaskEvent(tx, actor, this.now(), taskId, { kind, comment, data });
  }

  /** A reminder by hand from the issuer to the owner unit's liaisons. */
  async remind(actor: Actor, taskId: string, message: string): Promise<number> {
    const { task, access } = await this.deps.tasks.load(actor, taskId);
    this.checkRemind(actor, task, access);
    return this.deps.db.transaction().execute((tx) => this.remindIn(tx, actor, task, message));
  }

  /** Issues a supervision order; an open red order turns the task red. */
  async issueOrder(actor: Actor, taskId: string, input: OrderInput): Promise<SupervisionOrderRow> {
    const { task, access } = await this.deps.tasks.load(actor, taskId);
    this.checkOrder(actor, task, access, input);
    const office = await this.officeName(actor);
    return this.deps.db.transaction().execute((tx) => this.issueOrderIn(tx, actor, task, input, office));
  }

  /** 催办 over tasks chosen in the list, in one transaction (see `forEach`); returns how many notices went out. */
  async remindMany(actor: Actor, ids: readonly string[], message: string): Promise<{ tasks: number; notified: number }> {
    const sent = await this.forEach(actor, ids, (tx, task, access) => {
      this.checkRemind(actor, task, access);
      return this.remindIn(tx, actor, task, message);
    });
    return { tasks: sent.length, notified: sent.reduce((a, b) => a + b, 0) };
  }

  /** 下发督办单 of one level to tasks chosen in the list, in one transaction; the orders in the order of `ids`. */
  async issueOrders(actor: Actor, ids: readonly string[], input: OrderInput): Promise<SupervisionOrderRow[]> {
    const office = await this.officeName(actor);
    return this.forEach(actor, ids, (tx, task, access) => {
      this.checkOrder(actor, task, access, input);
      return this.issueOrderIn(tx, actor, task, input, office);
    });
  }

  /**
   * Runs one task's writes for each of `ids` in a single transaction, each task loaded and checked
   * as the single-task action does. The first task that fails rolls the batch back and is named in
   * the error: by its place and title, or by its place and id only when it is outside the scope.
   */
  private async forEach<T>(actor: Actor, ids: readonly string[], run: (tx: Executor, task: TaskRow, access: TaskAccess) => Promise<T>): Promise<T[]> {
    const unique = [...new Set(ids)];
    return this.deps.db.transaction().execute(async (tx) => {
      const results: T[] = [];
      for (const [index, id] of unique.entries()) {
        let title: string | undefined;
        try {
          const { task, access } = await this.deps.tasks.load(actor, id, tx);
          title = task.title;
          results.push(await run(tx, task, access));
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          const name = title === undefined ? `第 ${index + 1} 个任务（${id}）` : `第 ${index + 1} 个任务「${title}」`;
          throw new AppError(err.code, `${name}：${err.message}，本批未做任何操作`, { taskId: id, index });
        }
      }
      return results;
    });
  }

  private checkRemind(actor: Actor, task: TaskRow, access: TaskAccess): void {
    if (!this.deps.tasks.policies(actor, task, access).remind) throw forbidden('只有交办方可以催办进行中的任务');
  }

  /** The reminder's writes inside the caller's transaction: notices, timeline, audit. */
  private async remindIn(tx: Executor, actor: Actor, task: TaskRow, message: string): Promise<number> {
    const taskId = task.id;
    const users = await this.deps.notifications.liaisonsOf(tx, actor.tenantId, [task.owner_unit_id]);
    const sent = await this.deps.notifications.notify(tx, { tenantId: actor.tenantId, userIds: users, kind: 'reminder', title: `催办：${task.title}`, body: message || '请抓紧办理并及时报送进展', taskId, dedupeKey: `manual:${taskId}:${this.now().getTime()}` });
    await this.event(actor, tx, taskId, 'remind', message || '催办', { recipients: users.length });
    await this.deps.audit.record(tx, actor, { action: 'task.remind', entityType: 'task', entityId: taskId, summary: `催办：${task.title}`, after: { message, recipients: users.length } });
    return sent;
  }

  private checkOrder(actor: Actor, task: TaskRow, access: TaskAccess, input: OrderInput): void {
    if (!this.deps.tasks.policies(actor, task, access).issueOrder) throw forbidden('只有督查人员可以对进行中的任务下发督办单');
    if (input.replyDeadline < shanghaiDate(this.now())) throw invalid('replyDeadline', '回复时限不能早于今天');
    if (!input.matter.trim()) throw invalid('matter', '请填写督办事项');
    if (this.needsSignoff(input.level) && task.responsible_leader_ids.length === 0) {
      throw invalid('level', `${LEVEL_NAMES[input.level]}督办单须经任务的责任领导签发后下发，该任务没有责任领导：请先在任务中设置责任领导`);
    }
  }

  /** The issuing office is the supervisor's own unit (督查室). */
  private async officeName(actor: Actor): Promise<string> {
    return (await this.deps.db.selectFrom('org_units').select('name').where('tenant_id', '=', actor.tenantId).where('id', '=', actor.orgUnitId).executeTakeFirst())?.name ?? '督查室';
  }

  /** The next number of the year, 督办〔2026〕N号; the advisory lock keeps two issuers from taking the same N. */
  private async nextNumber(tx: Executor, tenantId: string): Promise<string> {
    const year = shanghaiDate(this.now()).slice(0, 4);
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`order-number:${tenantId}:${year}`}))`.execute(tx);
    const count = await tx.selectFrom('supervision_orders').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).where('number', 'like', `督办〔${year}〕%`).executeTakeFirst();
    return `督办〔${year}〕${Number(count?.n ?? 0) + 1}号`;
  }

  /**
   * The order's writes inside the caller's transaction. Where the level needs 签发, a draft without
   * a number waits for the task's responsible leaders (told so); otherwise the order goes out at
   * once: numbered row, timeline, audit, notices, light.
   */
  private async issueOrderIn(tx: Executor, actor: Actor, task: TaskRow, input: OrderInput, office: string): Promise<SupervisionOrderRow> {
    const taskId = task.id;
    const signoff = this.needsSignoff(input.level);
    const order = await tx
      .insertInto('supervision_orders')
      .values({
        tenant_id: actor.tenantId, task_id: taskId, number: signoff ? null : await this.nextNumber(tx, actor.tenantId), status: signoff ? 'pending_signoff' : 'open',
        level: input.level, matter: input.matter.trim(), requirements: input.requirements?.trim() ?? '', reply_deadline: input.replyDeadline,
        recipient_unit_id: task.owner_unit_id, recipient_leader_ids: task.responsible_leader_ids, issuing_office: office, issued_by: actor.userId, issued_at: this.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const level = LEVEL_NAMES[input.level];
    if (signoff) {
      await this.event(actor, tx, taskId, 'order_draft', `拟下发${level}督办单，送责任领导签发`, { orderId: order.id });
      await this.deps.audit.record(tx, actor, { action: 'order.draft', entityType: 'supervisionOrder', entityId: order.id, summary: `拟下发${level}督办单，送领导签发：${task.title}`, after: order });
      await this.deps.notifications.notify(tx, { tenantId: actor.tenantId, userIds: task.responsible_leader_ids, kind: 'order', title: `督办单待签发：${task.title}`, body: `${level}督办单：${order.matter.slice(0, 100)}`, taskId, dedupeKey: `order-signoff:${order.id}` });
      return order;
    }
    await this.event(actor, tx, taskId, 'order', `下发${level}督办单 ${order.number}`, { orderId: order.id });
    await this.deps.audit.record(tx, actor, { action: 'order.issue', entityType: 'supervisionOrder', entityId: order.id, summary: `下发${level}督办单 ${order.number}：${task.title}`, after: order });
    await this.sendOrder(tx, actor.tenantId, task, order);
    return order;
  }

  /** An order going out: the unit's liaisons and the responsible leaders are told, and the task is lit. */
  private async sendOrder(tx: Executor, tenantId: string, task: TaskRow, order: SupervisionOrderRow): Promise<void> {
    const users = [...(await this.deps.notifications.liaisonsOf(tx, tenantId, [task.owner_unit_id])), ...task.responsible_leader_ids];
    await this.deps.notifications.notify(tx, { tenantId, userIds: users, kind: 'order', title: `${LEVEL_NAMES[order.level]}督办：${task.title}`, body: `${order.number}，请于 ${order.reply_deadline} 前回复`, taskId: task.id, dedupeKey: `order:${order.id}` });
    await this.deps.lights.recomputeUp(tx, tenantId, task.id);
  }

  /** An order waiting for 签发, loaded for a leader who may sign it: 404 outside scope, 403, 409 once decided. */
  private async orderToSign(actor: Actor, orderId: string) {
    const order = await this.getOrder(actor, orderId);
    const { task, access } = await this.deps.tasks.load(actor, order.task_id);
    if (!this.deps.tasks.policies(actor, task, access).signOrder) throw forbidden('只有该任务的责任领导可以签发督办单');
    if (order.status !== 'pending_signoff') throw conflict('该督办单不在待签发状态');
    return { order, task };
  }

  /**
   * The responsible leader signs (签发) a drafted order: it takes its number and goes out as if
   * issued now, with its notices and light. The reply deadline may be moved (it may have passed).
   */
  async signOrder(actor: Actor, orderId: string, input: { replyDeadline?: string | undefined } = {}): Promise<SupervisionOrderRow> {
    const { order, task } = await this.orderToSign(actor, orderId);
    const replyDeadline = input.replyDeadline ?? order.reply_deadline;
    if (replyDeadline < shanghaiDate(this.now())) throw invalid('replyDeadline', input.replyDeadline ? '回复时限不能早于今天' : `原定回复时限 ${replyDeadline} 已过，请重新确定回复时限`);
    return this.deps.db.transaction().execute(async (tx) => {
      const number = await this.nextNumber(tx, actor.tenantId);
      const signed = await tx
        .updateTable('supervision_orders')
        .set({ status: 'open', number, reply_deadline: replyDeadline, issued_at: this.now(), signoff_by: actor.userId, signoff_at: this.now() })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', orderId)
        .where('status', '=', 'pending_signoff')
        .returningAll()
        .executeTakeFirst();
      if (!signed) throw conflict('该督办单不在待签发状态');
      const level = LEVEL_NAMES[signed.level];
      await this.event(actor, tx, task.id, 'order', `签发并下发${level}督办单 ${number}`, { orderId });
      await this.deps.audit.record(tx, actor, { action: 'order.signoff', entityType: 'supervisionOrder', entityId: orderId, summary: `签发${level}督办单 ${number}：${task.title}`, after: signed });
      await this.sendOrder(tx, actor.tenantId, task, signed);
      await this.deps.notifications.notify(tx, { tenantId: actor.tenantId, userIds: [signed.issued_by], kind: 'order', title: `督办单已签发：${number}`, body: `${level}督办单已由领导签发下发：${task.title}`, taskId: task.id, dedupeKey: `order-signed:${orderId}` });
      return signed;
    });
  }

  /** The responsible leader sends a drafted order back unsigned, saying why; the office is told. */
  async refuseOrder(actor: Actor, orderId: string, comment: string): Promise<void> {
    const { order, task } = await this.orderToSign(actor, orderId);
    if (!comment.trim()) throw invalid('comment', '请填写退回理由');
    await this.deps.db.transaction().execute(async (tx) => {
      const refused = await tx
        .updateTable('supervision_orders')
        .set({ status: 'refused', signoff_by: actor.userId, signoff_at: this.now(), signoff_comment: comment.trim() })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', orderId)
        .where('status', '=', 'pending_signoff')
        .executeTakeFirst();
      if (Number(refused.numUpdatedRows) !== 1) throw conflict('该督办单不在待签发状态');
      const level = LEVEL_NAMES[order.level];
      await this.event(actor, tx, task.id, 'order_refused', `退回${level}督办单（未签发）：${comment.trim()}`, { orderId });
      await this.deps.audit.record(tx, actor, { action: 'order.refuse', entityType: 'supervisionOrder', entityId: orderId, summary: `退回${level}督办单（未签发）：${task.title}`, after: { comment: comment.trim() } });
      await this.deps.notifications.notify(tx, { tenantId: actor.tenantId, userIds: [order.issued_by], kind: 'order', title: `督办单被退回：${task.title}`, body: comment.trim().slice(0, 200), taskId: task.id, dedupeKey: `order-refused:${orderId}` });
    });
  }

  /** A proposal, loaded for the actor: 404 outside scope, 403 for anyone but the task's supervisors, 409 once decided. */
  private async pendingProposal(actor: Actor, proposalId: string) {
    const proposal = await this.deps.db.selectFrom('escalation_proposals').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', proposalId).executeTakeFirst();
    if (!proposal) throw notFound('督办建议');
    const { task, access } = await this.deps.tasks.load(actor, proposal.task_id);
    if (!access.supervises || actor.readOnly) throw forbidden('只有督查人员可以处理督办建议');
    if (proposal.status !== 'pending') throw conflict('该督办建议已处理');
    return { proposal, task, access };
  }

  /**
   * The office accepts a proposed order: the order goes out (with its notice) and the proposal
   * records it, in one transaction. The matter and reply deadline may be changed on the way.
   */
  async acceptProposal(actor: Actor, proposalId: string, input: { matter?: string | undefined; requirements?: string | undefined; replyDeadline?: string | undefined }): Promise<SupervisionOrderRow> {
    const { proposal, task, access } = await this.pendingProposal(actor, proposalId);
    const order: OrderInput = {
      level: proposal.level,
      matter: input.matter ?? `${task.title}已逾期，${proposal.reason}`,
      requirements: input.requirements ?? '请说明滞后原因，提出整改措施和完成时间',
      replyDeadline: input.replyDeadline ?? addWorkdays(this.deps.calendar, shanghaiDate(this.now()), 5),
    };
    this.checkOrder(actor, task, access, order);
    const office = await this.officeName(actor);
    return this.deps.db.transaction().execute(async (tx) => {
      // The row lock makes a second accept (another clerk, a double click) wait and then find it decided.
      const claimed = await tx.updateTable('escalation_proposals').set({ status: 'accepted', decided_by: actor.userId, decided_at: this.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', proposalId).where('status', '=', 'pending').executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw conflict('该督办建议已处理');
      const issued = await this.issueOrderIn(tx, actor, task, order, office);
      await tx.updateTable('escalation_proposals').set({ order_id: issued.id }).where('tenant_id', '=', actor.tenantId).where('id', '=', proposalId).execute();
      await this.deps.audit.record(tx, actor, { action: 'escalation.accept', entityType: 'escalationProposal', entityId: proposalId, summary: `采纳督办建议，${issued.number ? `下发${LEVEL_NAMES[proposal.level]}督办单 ${issued.number}` : `拟下发${LEVEL_NAMES[proposal.level]}督办单，送领导签发`}：${task.title}`, after: { orderId: issued.id } });
      return issued;
    });
  }

  /** The office dismisses a proposal; that level is not proposed again for the task. */
  async dismissProposal(actor: Actor, proposalId: string, reason: string): Promise<void> {
    const { proposal, task } = await this.pendingProposal(actor, proposalId);
    await this.deps.db.transaction().execute(async (tx) => {
      const claimed = await tx.updateTable('escalation_proposals').set({ status: 'dismissed', decided_by: actor.userId, decided_at: this.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', proposalId).where('status', '=', 'pending').executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw conflict('该督办建议已处理');
      await this.event(actor, tx, task.id, 'escalation_dismissed', `不采纳${LEVEL_NAMES[proposal.level]}督办建议${reason.trim() ? `：${reason.trim()}` : ''}`, { proposalId });
      await this.deps.audit.record(tx, actor, { action: 'escalation.dismiss', entityType: 'escalationProposal', entityId: proposalId, summary: `不采纳${LEVEL_NAMES[proposal.level]}督办建议：${task.title}`, after: { reason } });
    });
  }

  /**
   * 督办单台账: the orders on tasks the actor may see (owned or issued within the scope, as the task
   * list), what waits first — 待签发, then 待回复 by reply deadline, then 已回复 — and the rest newest
   * first.
   */
  async listOrders(actor: Actor, filter: OrderFilter): Promise<Page<OrderListRow>> {
    const today = shanghaiDate(this.now());
    let q = this.deps.db
      .selectFrom('supervision_orders as so')
      .innerJoin('tasks as t', (j) => j.onRef('t.tenant_id', '=', 'so.tenant_id').onRef('t.id', '=', 'so.task_id'))
      .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'so.tenant_id').onRef('u.id', '=', 'so.recipient_unit_id'))
      .where('so.tenant_id', '=', actor.tenantId)
      .where('t.deleted_at', 'is', null)
      .where((eb) => eb.or([inScope(actor.scope, actor.tenantId, eb.ref('t.owner_unit_id')), inScope(actor.scope, actor.tenantId, eb.ref('t.issuer_unit_id'))]));
    if (filter.status?.length) q = q.where('so.status', 'in', filter.status);
    if (filter.level) q = q.where('so.level', '=', filter.level);
    if (filter.replyOverdue) q = q.where('so.status', '=', 'open').where('so.reply_deadline', '<', today);
    if (filter.q?.trim()) {
      const like = `%${escapeLike(filter.q.trim())}%`;
      q = q.where((eb) => eb.or([eb('so.number', 'like', like), eb('so.matter', 'like', like), eb('t.search_key', 'like', `%${escapeLike(searchKey(filter.q!))}%`)]));
    }
    const rows = q
      .selectAll('so')
      .select(['t.title as task_title', 'u.name as recipient_unit_name'])
      .orderBy(sql`CASE so.status WHEN 'pending_signoff' THEN 0 WHEN 'open' THEN 1 WHEN 'replied' THEN 2 ELSE 3 END`)
      .orderBy(sql`CASE WHEN so.status IN ('pending_signoff', 'open') THEN so.reply_deadline END ASC NULLS LAST`)
      .orderBy('so.issued_at', 'desc')
      .orderBy('so.id');
    return paginate(rows, q, filter);
  }

  async getOrder(actor: Actor, orderId: string): Promise<SupervisionOrderRow & { task_title: string; task_deadline: string | null; recipient_unit_name: string; leader_names: string[]; co_unit_names: string[] }> {
    const order = await this.deps.db.selectFrom('supervision_orders').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', orderId).executeTakeFirst();
    if (!order) throw notFound('督办单');
    const { task } = await this.deps.tasks.load(actor, order.task_id);
    const unit = await this.deps.db.selectFrom('org_units').select('name').where('tenant_id', '=', actor.tenantId).where('id', '=', order.recipient_unit_id).executeTakeFirst();
    const leaders = order.recipient_leader_ids.length ? await this.deps.db.selectFrom('users').select('display_name').where('tenant_id', '=', actor.tenantId).where('id', 'in', order.recipient_leader_ids).execute() : [];
    // The co-units answer for parts of their own under the task (cancelled ones left out).
    const coUnits = await this.deps.db
      .selectFrom('tasks as c')
      .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'c.tenant_id').onRef('u.id', '=', 'c.owner_unit_id'))
      .select('u.name')
      .where('c.tenant_id', '=', actor.tenantId)
      .where('c.parent_id', '=', order.task_id)
      .where('c.unit_role', '=', 'co')
      .where('c.status', '<>', 'cancelled')
      .where('c.deleted_at', 'is', null)
      .orderBy('c.created_at')
      .execute();
    return { ...order, task_title: task.title, task_deadline: task.deadline, recipient_unit_name: unit?.name ?? '', leader_names: leaders.map((l) => l.display_name), co_unit_names: coUnits.map((u) => u.name) };
  }

  /** The recipient unit answers an order; it stays 未办结 (and lit) until the office closes it. */
  async replyOrder(actor: Actor, orderId: string, reply: string): Promise<void> {
    const order = await this.getOrder(actor, orderId);
    const { task, access } = await this.deps.tasks.load(actor, order.task_id);
    if (!this.deps.tasks.policies(actor, task, access).replyOrder) throw forbidden('只有承办单位可以回复督办单');
    if (order.status !== 'open') throw conflict(order.status === 'pending_signoff' ? '该督办单尚未签发' : '该督办单已回复、已办结或已退回');
    if (!reply.trim()) throw invalid('reply', '请填写回复内容');
    await this.deps.db.transaction().execute(async (tx) => {
      await tx.updateTable('supervision_orders').set({ status: 'replied', reply: reply.trim(), replied_by: actor.userId, replied_at: this.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', orderId).execute();
      await this.event(actor, tx, order.task_id, 'order_reply', `回复督办单 ${order.number}`, { orderId });
      await this.deps.audit.record(tx, actor, { action: 'order.reply', entityType: 'supervisionOrder', entityId: orderId, summary: `回复督办单 ${order.number}`, after: { reply } });
      await this.deps.notifications.notify(tx, { tenantId: actor.tenantId, userIds: [order.issued_by], kind: 'order', title: `督办单已回复：${order.number}`, body: reply.slice(0, 200), taskId: order.task_id, dedupeKey: `order-reply:${orderId}` });
      await this.deps.lights.recomputeUp(tx, actor.tenantId, order.task_id);
    });
  }

  /** The issuer closes an order (after its reply, or to withdraw it). */
  async closeOrder(actor: Actor, orderId: string): Promise<void> {
    const order = await this.getOrder(actor, orderId);
    const { task, access } = await this.deps.tasks.load(actor, order.task_id);
    if (!access.supervises || actor.readOnly) throw forbidden('只有督查人员可以办结督办单');
    if (order.status === 'closed') throw conflict('该督办单已办结');
    if (order.status === 'refused') throw conflict('该督办单已被领导退回，无需办结');
    await this.deps.db.transaction().execute(async (tx) => {
      await tx.updateTable('supervision_orders').set({ status: 'closed', closed_at: this.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', orderId).execute();
      // A draft still waiting for 签发 is withdrawn; it has no number yet.
      const name = order.number ?? `${LEVEL_NAMES[order.level]}督办单（待签发，撤回）`;
      await this.event(actor, tx, task.id, 'order_close', `督办单 ${name} 办结`, { orderId });
      await this.deps.audit.record(tx, actor, { action: 'order.close', entityType: 'supervisionOrder', entityId: orderId, summary: `办结督办单 ${name}` });
      await this.deps.lights.recomputeUp(tx, actor.tenantId, task.id);
    });
  }

  /** The owner asks for a later deadline; the issuer decides. */
  async requestExtension(actor: Actor, taskId: string, input: { requestedDeadline: string; reason: string }): Promise<Selectable<ExtensionRequestsTable>> {
    const { task, access } = await this.deps.tasks.load(actor, taskId);
    if (!this.deps.tasks.policies(actor, task, access).requestExtension) throw forbidden('只有承办单位可以为有时限的进行中任务申请延期');
    if (!input.reason.trim()) throw invalid('reason', '请填写延期理由');
    if (task.deadline && input.requestedDeadline <= task.deadline) throw invalid('requestedDeadline', `申请的时限应晚于当前时限 ${task.deadline}`);
    const pending = await this.deps.db.selectFrom('extension_requests').select('id').where('tenant_id', '=', actor.tenantId).where('task_id', '=', taskId).where('status', '=', 'pending').executeTakeFirst();
    if (pending) throw conflict('已有待审批的延期申请');
    return this.deps.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('extension_requests')
        .values({ tenant_id: actor.tenantId, task_id: taskId, current_deadline: task.deadline, requested_deadline: input.requestedDeadline, reason: input.reason.trim(), requested_by: actor.userId, requested_at: this.now() })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.event(actor, tx, taskId, 'extension_request', `申请延期至 ${input.requestedDeadline}：${input.reason}`, { extensionId: row.id });
      await this.deps.audit.record(tx, actor, { action: 'extension.request', entityType: 'extensionRequest', entityId: row.id, summary: `申请延期：${task.title}`, after: row });
      const issuers = task.issuer_user_id ? [task.issuer_user_id] : await this.deps.notifications.liaisonsOf(tx, actor.tenantId, [task.issuer_unit_id]);
      await this.deps.notifications.notify(tx, { tenantId: actor.tenantId, userIds: issuers, kind: 'extension', title: `延期申请：${task.title}`, body: `申请延期至 ${input.requestedDeadline}`, taskId, dedupeKey: `extension:${row.id}` });
      return row;
    });
  }

  async decideExtension(actor: Actor, extensionId: string, input: { approve: boolean; comment?: string | undefined }): Promise<void> {
    const ext = await this.deps.db.selectFrom('extension_requests').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', extensionId).executeTakeFirst();
    if (!ext) throw notFound('延期申请');
    const { task, access } = await this.deps.tasks.load(actor, ext.task_id);
    if (!this.deps.tasks.policies(actor, task, access).decideExtension) throw forbidden('只有交办方可以审批延期申请');
    if (ext.status !== 'pending') throw conflict('该延期申请已审批');
    if (!input.approve && !input.comment?.trim()) throw invalid('comment', '不同意延期时请说明理由');
    await this.deps.db.transaction().execute(async (tx) => {
      await tx.updateTable('extension_requests').set({ status: input.approve ? 'approved' : 'rejected', decided_by: actor.userId, decided_at: this.now(), decision_comment: input.comment?.trim() ?? null }).where('tenant_id', '=', actor.tenantId).where('id', '=', extensionId).execute();
      if (input.approve) await tx.updateTable('tasks').set({ deadline: ext.requested_deadline, updated_at: this.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', task.id).execute();
      await this.event(actor, tx, task.id, input.approve ? 'extension_approved' : 'extension_rejected', input.approve ? `同意延期至 ${ext.requested_deadline}` : `不同意延期：${input.comment}`, { extensionId });
      await this.deps.audit.record(tx, actor, { action: input.approve ? 'extension.approve' : 'extension.reject', entityType: 'extensionRequest', entityId: extensionId, summary: `${input.approve ? '同意' : '不同意'}延期：${task.title}`, before: { deadline: task.deadline }, after: { deadline: input.approve ? ext.requested_deadline : task.deadline } });
      await this.deps.notifications.notify(tx, { tenantId: actor.tenantId, userIds: [ext.requested_by], kind: 'extension', title: `延期申请${input.approve ? '已同意' : '未同意'}：${task.title}`, body: input.comment ?? '', taskId: task.id, dedupeKey: `extension-decided:${extensionId}` });
      await this.deps.lights.recomputeUp(tx, actor.tenantId, task.id);
    });
  }

  /** A leader's instruction (批示) on a task, which its owner must answer. */
  async instruct(actor: Actor, taskId: string, content: string): Promise<void> {
    const { task, access } = await this.deps.tasks.load(actor, taskId);
    if (!this.deps.tasks.policies(actor, task, access).instruct) throw forbidden('只有分管领导可以批示');
    if (!content.trim()) throw invalid('content', '请填写批示内容');
    await this.deps.db.transaction().execute(async (tx) => {
      const row = await tx.insertInto('instructions').values({ tenant_id: actor.tenantId, task_id: taskId, leader_id: actor.userId, content: content.trim(), created_at: this.now() }).returning('id').executeTakeFirstOrThrow();
      await this.event(actor, tx, taskId, 'instruction', `${actor.displayName}批示：${content.trim()}`, { instructionId: row.id });
      await this.deps.audit.record(tx, actor, { action: 'instruction.create', entityType: 'instruction', entityId: row.id, summary: `批示：${task.title}`, after: { content } });
      await this.deps.notifications.notify(tx, { tenantId: actor.tenantId, userIds: await this.deps.notifications.liaisonsOf(tx, actor.tenantId, [task.owner_unit_id]), kind: 'instruction', title: `领导批示：${task.title}`, body: content.slice(0, 200), taskId, dedupeKey: `instruction:${row.id}` });
    });
  }

  async answerInstruction(actor: Actor, instructionId: string, answer: string): Promise<void> {
    const ins = await this.deps.db.selectFrom('instructions').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', instructionId).executeTakeFirst();
    if (!ins) throw notFound('批示');
    const { task, access } = await this.deps.tasks.load(actor, ins.task_id);
    if (!this.deps.tasks.policies(actor, task, access).answerInstruction) throw forbidden('只有承办单位可以回复批示');
    if (ins.answer) throw conflict('该批示已回复');
    if (!answer.trim()) throw invalid('answer', '请填写回复内容');
    await this.deps.db.transaction().execute(async (tx) => {
      await tx.updateTable('instructions').set({ answer: answer.trim(), answered_by: actor.userId, answered_at: this.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', instructionId).execute();
      await this.event(actor, tx, task.id, 'instruction_answer', `回复批示：${answer.trim()}`, { instructionId });
      await this.deps.audit.record(tx, actor, { action: 'instruction.answer', entityType: 'instruction', entityId: instructionId, summary: `回复批示：${task.title}`, after: { answer } });
      await this.deps.notifications.notify(tx, { tenantId: actor.tenantId, userIds: [ins.leader_id], kind: 'instruction', title: `批示已回复：${task.title}`, body: answer.slice(0, 200), taskId: task.id, dedupeKey: `instruction-answer:${instructionId}` });
    });
  }
}
