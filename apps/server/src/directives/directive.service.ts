import { cleanDocument, parseCleaned, type Figure, type FigureWhy, type ParsedDocument } from '@luoshi/doc-parser';
import { cleanText, escapeLike, searchKey } from '@luoshi/shared';
import { sql, type Kysely } from 'kysely';
import { inScope, scopeForRoles, unitInScope, type Actor } from '../access/index.ts';
import type { Executor } from '../db/database.ts';
import type { DB, DirectiveFormat, DirectiveKind, DirectiveRow } from '../db/schema.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from 'pino';
import type { AuditService } from '../modules/audit/audit.service.ts';
import { shanghaiDate } from '../supervision/rules/working-days.ts';
import type { TaskService } from '../supervision/task.service.ts';
import type { UnitRef } from '../supervision/rules/division-table.ts';
import { buildDraft, draftTitle, guessKind, redateDraft, suggestUnits, TITLE_MAX, type DraftItem } from './draft.ts';

export interface DirectiveDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  tasks: Pick<TaskService, 'assignableUnits' | 'checkNew' | 'createIn'>;
  /** At debug level, each candidate the parser turned down is logged with its reason. */
  logger?: Logger;
}

export interface DirectiveInput {
  text: string;
  title?: string | undefined;
  kind?: DirectiveKind | undefined;
  format?: DirectiveFormat | undefined;
  originalName?: string | null | undefined;
  /** A 领导批示件: who instructed, when, on what, and the scan (an uploaded attachment) if any. */
  instruction?: InstructionInput | undefined;
}

export interface InstructionInput {
  instructedBy: string;
  instructedOn: string;
  subject: string;
  scanAttachmentId?: string | null | undefined;
}

export interface DirectiveFilter {
  q?: string | undefined;
  status?: 'draft' | 'published' | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

export interface DirectivePatch {
  title?: string | undefined;
  docDate?: string | null | undefined;
  source?: string | null | undefined;
  kind?: DirectiveKind | undefined;
}

export interface PublishInput {
  items: DraftItem[];
  assign?: boolean | undefined;
  ackWorkdays?: number | undefined;
}

/** A directive with the names and counts the library shows. */
export type DirectiveSummaryRow = Omit<DirectiveRow, 'body' | 'parsed' | 'draft' | 'search_key' | 'lost_characters'> & {
  unit_name: string;
  scan_file_name: string | null;
  created_by_name: string | null;
  item_count: number;
  task_count: number;
  target_count: number;
  cadence_count: number;
};

export interface DirectivePolicies {
  edit: boolean;
  publish: boolean;
  delete: boolean;
}

export interface DirectiveDetail {
  directive: DirectiveSummaryRow & Pick<DirectiveRow, 'body' | 'lost_characters'> & { parsed: ParsedDocument; draft: DraftItem[] };
  targets: { id: string; subject: string | null; value: number; unit: string | null; comparator: '>=' | '<=' | '='; text: string; offset: number; why?: FigureWhy }[];
  /** With their ids, so a cadence can be turned into a rule of the work's rhythm (issue 12). */
  cadences: { id: string; text: string; period: string; action: string }[];
  tasks: { id: string; title: string; status: string; light: string; light_reason: string; owner_unit_name: string }[];
  policies: DirectivePolicies;
}

export const CORRECTION_FIELDS = ['targets', 'statistics', 'people', 'places', 'organizations'] as const;
export type CorrectionField = (typeof CORRECTION_FIELDS)[number];
export const CORRECTION_ACTIONS = ['to-statistic', 'to-target', 'drop'] as const;
const CORRECTION_LABELS: Record<(typeof CORRECTION_ACTIONS)[number], string> = { 'to-statistic': '目标改为统计', 'to-target': '统计改为目标', drop: '删除名称' };

/** One correction: a figure by offset and value, or a name by its text. */
export interface CorrectionInput {
  field: CorrectionField;
  action: (typeof CORRECTION_ACTIONS)[number];
  offset?: number | undefined;
  value?: number | undefined;
  name?: string | undefined;
}

function targetRow(tenantId: string, directiveId: string, t: Figure) {
  return { tenant_id: tenantId, directive_id: directiveId, subject: t.subject, value: t.value, unit: t.unit, comparator: t.comparator, text: t.text, offset: t.offset, why: t.why ? JSON.stringify(t.why) : null };
}

// The body is searched through its head: enough for the opening and the main deployments of a
// long speech, while keeping the library's search key (and its LIKE scan) small.
const SEARCH_BODY_CHARS = 20_000;
const SUGGESTIONS_MAX = 50;

function directiveSearchKey(title: string, source: string | null, body: string): string {
  return searchKey([title, source ?? '', body.slice(0, SEARCH_BODY_CHARS)].join(' '));
}

/** The first line of the text that reads like a title, when the parser found none. */
function firstLine(text: string): string | null {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  return line ? [...line].slice(0, TITLE_MAX).join('') : null;
}

/**
 * Directive intake (issue 4): a speech, minutes or plan is parsed and stored with a draft task
 * breakdown; supervisors review the draft and publish it as tasks of the supervision core, each
 * linked to its source clause. Readers are everyone whose scope covers the issuing unit.
 */
export class DirectiveService {
  constructor(private readonly deps: DirectiveDeps) {}

  private isSupervisor(actor: Actor): boolean {
    return !actor.readOnly && actor.grants.some((g) => g.role === 'supervisor');
  }

  private requireSupervisor(actor: Actor, message: string): void {
    if (!this.isSupervisor(actor)) throw forbidden(message);
  }

  /** The directive row; 404 when missing, deleted or outside the caller's scope. */
  private async load(actor: Actor, id: string, db: Executor = this.deps.db): Promise<DirectiveRow> {
    const row = await db.selectFrom('directives').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!row || !(await unitInScope(db, actor.scope, actor.tenantId, row.unit_id))) throw notFound('文件');
    return row;
  }

  private async policies(actor: Actor, row: Pick<DirectiveRow, 'unit_id' | 'status'>): Promise<DirectivePolicies> {
    const edit = this.isSupervisor(actor) && (await unitInScope(this.deps.db, scopeForRoles(actor, ['supervisor']), actor.tenantId, row.unit_id));
    return { edit, publish: edit && row.status === 'draft', delete: edit && row.status === 'draft' };
  }

  /** Loads for a change: 404 outside scope, 403 in scope without the supervisor's right over the issuing unit. */
  private async loadForEdit(actor: Actor, id: string, what: string): Promise<DirectiveRow> {
    const row = await this.load(actor, id);
    if (!(await this.policies(actor, row)).edit) throw forbidden(`只有督查人员可以${what}`);
    return row;
  }

  private summaries(actor: Actor) {
    return this.deps.db
      .selectFrom('directives as d')
      .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'd.tenant_id').onRef('u.id', '=', 'd.unit_id'))
      .leftJoin('users as cu', (j) => j.onRef('cu.tenant_id', '=', 'd.tenant_id').onRef('cu.id', '=', 'd.created_by'))
      .where('d.tenant_id', '=', actor.tenantId)
      .where('d.deleted_at', 'is', null)
      .where((eb) => inScope(actor.scope, actor.tenantId, eb.ref('d.unit_id')));
  }

  private summaryColumns() {
    return [
      'd.tenant_id',
      'd.id',
      'd.unit_id',
      'd.title',
      'd.doc_date',
      'd.source',
      'd.kind',
      'd.script',
      'd.format',
      'd.original_name',
      'd.status',
      'd.created_by',
      'd.created_at',
      'd.updated_at',
      'd.published_at',
      'd.published_by',
      'd.deleted_at',
      'd.instructed_by',
      'd.instructed_on',
      'd.instruction_subject',
      'd.scan_attachment_id',
      sql<string | null>`(SELECT a.file_name FROM attachments a WHERE a.tenant_id = d.tenant_id AND a.id = d.scan_attachment_id AND a.deleted_at IS NULL)`.as('scan_file_name'),
      'u.name as unit_name',
      'cu.display_name as created_by_name',
      sql<number>`(SELECT count(*) FROM jsonb_array_elements(d.draft) e WHERE (e->>'include')::boolean)`.as('item_count'),
      sql<number>`(SELECT count(*) FROM tasks t WHERE t.tenant_id = d.tenant_id AND t.source_directive_id = d.id AND t.parent_id IS NULL AND t.deleted_at IS NULL)`.as('task_count'),
      sql<number>`(SELECT count(*) FROM directive_targets x WHERE x.tenant_id = d.tenant_id AND x.directive_id = d.id)`.as('target_count'),
      sql<number>`(SELECT count(*) FROM directive_cadences x WHERE x.tenant_id = d.tenant_id AND x.directive_id = d.id)`.as('cadence_count'),
    ] as const;
  }

  /** The library: directives in the caller's scope, newest first; `q` matches title, source and body across scripts. */
  async list(actor: Actor, filter: DirectiveFilter): Promise<{ items: DirectiveSummaryRow[]; total: number; page: number; pageSize: number }> {
    let q = this.summaries(actor);
    if (filter.status) q = q.where('d.status', '=', filter.status);
    const term = filter.q ? searchKey(filter.q) : '';
    if (term) q = q.where('d.search_key', 'like', `%${escapeLike(term)}%`);
    const page = filter.page ?? 1;
    const pageSize = filter.pageSize ?? 20;
    const [rows, count] = await Promise.all([
      q
        .select(this.summaryColumns())
        .orderBy('d.created_at', 'desc')
        .orderBy('d.id')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    ]);
    return { items: rows.map(numbers), total: Number(count?.n ?? 0), page, pageSize };
  }

  /** Parses a document and stores it with its draft breakdown, targets and cadences. */
  async create(actor: Actor, input: DirectiveInput): Promise<string> {
    this.requireSupervisor(actor, input.instruction ? '只有督查人员可以登记批示件' : '只有督查人员可以录入文件');
    const instruction = input.instruction;
    // A file's text may carry NUL or escape characters no schema saw.
    const cleaned = cleanDocument(cleanText(input.text), input.title ? { title: input.title } : undefined);
    if (!/[\p{L}\p{N}]/u.test(cleaned.text)) throw invalid(instruction ? 'text' : input.format && input.format !== 'paste' ? 'file' : 'text', instruction ? '请填写批示内容' : '没有可识别的文字：请检查文件内容或编码');
    const logger = this.deps.logger;
    const onReject = logger?.isLevelEnabled('debug') ? (r: { kind: string; text: string; reason: string }) => logger.debug(r, 'parser set a candidate aside') : undefined;
    const parsed = parseCleaned(cleaned, { ...(input.title ? { title: input.title } : {}), ...(onReject ? { onReject } : {}) });
    const title = instruction
      ? `${instruction.instructedBy}对《${instruction.subject}》的批示`
      : input.title?.trim() || parsed.title || firstLine(cleaned.text) || input.originalName || '未命名文件';
    // A 批示件's deadlines count from the day it was instructed.
    const docDate = instruction ? instruction.instructedOn : parsed.date;
    const units = await this.deps.tasks.assignableUnits(actor);
    const draft = buildDraft(parsed, units, docDate ?? shanghaiDate(this.deps.clock.now()));
    // An instruction is work even when it reads as one request (请…研究): then the whole text is the item.
    if (instruction && !draft.some((d) => d.include)) draft.push(instructionItem(cleaned.text, instruction.subject, draft.length, units));
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('directives')
        .values({
          tenant_id: actor.tenantId,
          unit_id: actor.orgUnitId,
          title: [...title].slice(0, TITLE_MAX).join(''),
          doc_date: docDate,
          source: parsed.source,
          kind: instruction ? 'instruction_doc' : input.kind && input.kind !== 'instruction_doc' ? input.kind : guessKind(title),
          instructed_by: instruction?.instructedBy ?? null,
          instructed_on: instruction?.instructedOn ?? null,
          instruction_subject: instruction?.subject ?? null,
          scan_attachment_id: instruction?.scanAttachmentId ?? null,
          script: parsed.script,
          format: input.format ?? 'paste',
          original_name: input.originalName ?? null,
          body: cleaned.text,
          lost_characters: cleaned.flags.lostCharacters,
          parsed: JSON.stringify(parsed),
          draft: JSON.stringify(draft),
          search_key: directiveSearchKey(title, parsed.source, cleaned.text),
          created_by: actor.userId || null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (instruction?.scanAttachmentId) {
        // The scan is the uploader's own pending file; it now belongs to the directive.
        const bound = await tx
          .updateTable('attachments')
          .set({ owner_type: 'directive', owner_id: row.id })
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', instruction.scanAttachmentId)
          .where('uploaded_by', '=', actor.userId)
          .where('owner_type', '=', 'pending')
          .executeTakeFirst();
        if (Number(bound.numUpdatedRows) !== 1) throw invalid('scanAttachmentId', '批示件扫描件不存在或已被使用，请重新上传');
      }
      if (parsed.targets.length > 0) {
        await tx
          .insertInto('directive_targets')
          .values(parsed.targets.map((t) => targetRow(actor.tenantId, row.id, t)))
          .execute();
      }
      if (parsed.cadences.length > 0) {
        await tx
          .insertInto('directive_cadences')
          .values(parsed.cadences.map((c, i) => ({ tenant_id: actor.tenantId, directive_id: row.id, text: c.text, period: c.period, action: c.action, sort_order: i })))
          .execute();
      }
      await this.deps.audit.record(tx, actor, {
        action: 'directive.create',
        entityType: 'directive',
        entityId: row.id,
        summary: instruction ? `登记批示件 ${title}` : `录入文件 ${title}`,
        after: { title, format: input.format ?? 'paste', originalName: input.originalName ?? null, chars: cleaned.text.length, tasks: draft.length, targets: parsed.targets.length, cadences: parsed.cadences.length, ...(instruction ? { instruction } : {}) },
      });
      return row.id;
    });
  }

  /** One directive with its draft, targets, cadences, published tasks and what the caller may do. */
  async detail(actor: Actor, id: string): Promise<DirectiveDetail> {
    await this.load(actor, id);
    const db = this.deps.db;
    const [row, targets, cadences, tasks] = await Promise.all([
      this.summaries(actor).where('d.id', '=', id).select(this.summaryColumns()).select(['d.body', 'd.lost_characters', 'd.parsed', 'd.draft']).executeTakeFirstOrThrow(),
      db.selectFrom('directive_targets').select(['id', 'subject', 'value', 'unit', 'comparator', 'text', 'offset', 'why']).where('tenant_id', '=', actor.tenantId).where('directive_id', '=', id).orderBy('offset').execute(),
      db.selectFrom('directive_cadences').select(['id', 'text', 'period', 'action']).where('tenant_id', '=', actor.tenantId).where('directive_id', '=', id).orderBy('sort_order').execute(),
      db
        .selectFrom('tasks as t')
        .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 't.tenant_id').onRef('o.id', '=', 't.owner_unit_id'))
        .select(['t.id', 't.title', 't.status', 't.light', 't.light_reason', 'o.name as owner_unit_name'])
        .where('t.tenant_id', '=', actor.tenantId)
        .where('t.source_directive_id', '=', id)
        .where('t.parent_id', 'is', null)
        .where('t.deleted_at', 'is', null)
        .where((eb) => eb.or([inScope(actor.scope, actor.tenantId, eb.ref('t.owner_unit_id')), inScope(actor.scope, actor.tenantId, eb.ref('t.issuer_unit_id'))]))
        .orderBy('t.source_offset')
        .orderBy('t.created_at')
        .execute(),
    ]);
    const directive = { ...numbers(row), body: row.body, lost_characters: row.lost_characters, parsed: row.parsed as ParsedDocument, draft: row.draft as DraftItem[] };
    return { directive, targets: targets.map(({ why, ...t }) => ({ ...t, value: Number(t.value), ...(why ? { why: why as FigureWhy } : {}) })), cadences, tasks, policies: await this.policies(actor, row) };
  }

  /**
   * A person's correction of the parser's findings, kept and counted: a target that is a statistic
   * (or the reverse) moves across, a name that is none leaves its list. The figure is named by its
   * offset and value, the name by its text; the correction is stored and audited in one transaction.
   */
  async correct(actor: Actor, id: string, input: CorrectionInput): Promise<void> {
    const row = await this.loadForEdit(actor, id, '纠正解析结果');
    await this.deps.db.transaction().execute(async (tx) => {
      const locked = await tx.selectFrom('directives').select(['parsed']).where('tenant_id', '=', actor.tenantId).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      const parsed = locked.parsed as ParsedDocument;
      let item: unknown;
      if (input.field === 'targets' || input.field === 'statistics') {
        const want = input.field === 'targets' ? 'to-statistic' : 'to-target';
        if (input.action !== want) throw invalid('action', input.field === 'targets' ? '目标只能改为统计数据' : '统计数据只能改为目标');
        if (input.offset === undefined || input.value === undefined) throw invalid('offset', '请指明要纠正的数字（位置和数值）');
        const corrected: FigureWhy = { rule: 'corrected', cue: null };
        if (input.field === 'targets') {
          const target = await tx
            .selectFrom('directive_targets')
            .select(['id', 'subject', 'value', 'unit', 'comparator', 'text', 'offset'])
            .where('tenant_id', '=', actor.tenantId)
            .where('directive_id', '=', id)
            .where('offset', '=', input.offset)
            .where('value', '=', input.value)
            .executeTakeFirst();
          if (!target) throw notFound('目标');
          const { id: targetId, ...figure } = target;
          item = { ...figure, value: Number(figure.value) };
          await tx.deleteFrom('directive_targets').where('tenant_id', '=', actor.tenantId).where('id', '=', targetId).execute();
          parsed.statistics = [...parsed.statistics, { ...(item as Figure), entity: null, why: corrected }].sort((a, b) => a.offset - b.offset);
          parsed.targets = parsed.targets.filter((t) => !(t.offset === input.offset && t.value === input.value));
        } else {
          const at = parsed.statistics.findIndex((x) => x.offset === input.offset && x.value === input.value);
          const stat = parsed.statistics[at];
          if (!stat) throw notFound('统计数据');
          const { entity: _entity, why: _why, ...figure } = stat;
          item = figure;
          parsed.statistics.splice(at, 1);
          parsed.targets = [...parsed.targets, { ...figure, why: corrected }].sort((a, b) => a.offset - b.offset);
          await tx.insertInto('directive_targets').values(targetRow(actor.tenantId, id, { ...figure, why: corrected })).execute();
        }
      } else {
        if (input.action !== 'drop') throw invalid('action', '名称只能删除');
        const name = input.name ?? '';
        const list = parsed[input.field];
        if (!list.includes(name)) throw notFound('名称');
        item = { name };
        parsed[input.field] = list.filter((n) => n !== name);
        if (parsed.explain) delete parsed.explain[input.field][name];
      }
      await tx.updateTable('directives').set({ parsed: JSON.stringify(parsed), updated_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await tx.insertInto('directive_corrections').values({ tenant_id: actor.tenantId, directive_id: id, field: input.field, action: input.action, item: JSON.stringify(item), created_by: actor.userId }).execute();
      await this.deps.audit.record(tx, actor, {
        action: 'directive.correct',
        entityType: 'directive',
        entityId: id,
        summary: `纠正解析结果 ${row.title}：${CORRECTION_LABELS[input.action]}${input.field === 'targets' || input.field === 'statistics' ? ` ${(item as Figure).value}${(item as Figure).unit ?? ''}` : ` ${input.name}`}`,
        after: { field: input.field, action: input.action, item },
      });
    });
  }

  /**
   * How often people corrected the parser, per field, over the directives in the caller's scope:
   * corrections against what the parser found (what is there now plus what was moved or dropped).
   */
  async correctionStats(actor: Actor): Promise<{ field: CorrectionField; found: number; corrected: number }[]> {
    const [counts, corrections] = await Promise.all([
      this.summaries(actor)
        .select([
          sql<number>`coalesce(sum((SELECT count(*) FROM directive_targets x WHERE x.tenant_id = d.tenant_id AND x.directive_id = d.id)), 0)`.as('targets'),
          sql<number>`coalesce(sum(jsonb_array_length(coalesce(d.parsed->'statistics', '[]'::jsonb))), 0)`.as('statistics'),
          sql<number>`coalesce(sum(jsonb_array_length(coalesce(d.parsed->'people', '[]'::jsonb))), 0)`.as('people'),
          sql<number>`coalesce(sum(jsonb_array_length(coalesce(d.parsed->'places', '[]'::jsonb))), 0)`.as('places'),
          sql<number>`coalesce(sum(jsonb_array_length(coalesce(d.parsed->'organizations', '[]'::jsonb))), 0)`.as('organizations'),
        ])
        .executeTakeFirstOrThrow(),
      this.summaries(actor)
        .innerJoin('directive_corrections as c', (j) => j.onRef('c.tenant_id', '=', 'd.tenant_id').onRef('c.directive_id', '=', 'd.id'))
        .select(['c.field', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('c.field')
        .execute(),
    ]);
    const corrected = new Map(corrections.map((c) => [c.field, Number(c.n)]));
    const now = (f: CorrectionField): number => Number(counts[f]);
    // A moved figure is counted where the parser put it: a target now among the statistics was found as a target.
    const found: Record<CorrectionField, number> = {
      targets: now('targets') + (corrected.get('targets') ?? 0) - (corrected.get('statistics') ?? 0),
      statistics: now('statistics') + (corrected.get('statistics') ?? 0) - (corrected.get('targets') ?? 0),
      people: now('people') + (corrected.get('people') ?? 0),
      places: now('places') + (corrected.get('places') ?? 0),
      organizations: now('organizations') + (corrected.get('organizations') ?? 0),
    };
    return CORRECTION_FIELDS.map((field) => ({ field, found: found[field], corrected: corrected.get(field) ?? 0 }));
  }

  /** Corrects the title, date, source or kind (the parser may have missed them). */
  async update(actor: Actor, id: string, patch: DirectivePatch): Promise<void> {
    const row = await this.loadForEdit(actor, id, '修改文件');
    const title = patch.title?.trim() ?? row.title;
    if (!title) throw invalid('title', '请填写标题');
    const source = patch.source === undefined ? row.source : patch.source?.trim() || null;
    const changes = {
      title,
      doc_date: patch.docDate === undefined ? row.doc_date : patch.docDate,
      source,
      kind: patch.kind ?? row.kind,
    };
    // A 批示件 stays one (its instructing leader and date are part of it), and nothing becomes one by a change of kind.
    if ((row.kind === 'instruction_doc') !== (changes.kind === 'instruction_doc')) throw invalid('kind', row.kind === 'instruction_doc' ? '批示件的类型不能修改' : '批示件请通过“登记批示件”录入');
    // Deadlines in the draft count from the document date: a new date recounts every deadline phrase.
    const redate = row.status === 'draft' && changes.doc_date !== null && changes.doc_date !== row.doc_date;
    // Without a date they were counted from the day the document was entered.
    const draft = redate ? redateDraft(row.draft as DraftItem[], row.doc_date ?? shanghaiDate(row.created_at), changes.doc_date!) : null;
    await this.deps.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('directives')
        .set({ ...changes, ...(draft ? { draft: JSON.stringify(draft) } : {}), search_key: directiveSearchKey(title, source, row.body), updated_at: this.deps.clock.now() })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .execute();
      await this.deps.audit.record(tx, actor, {
        action: 'directive.update',
        entityType: 'directive',
        entityId: id,
        summary: `修改文件信息 ${title}`,
        before: { title: row.title, docDate: row.doc_date, source: row.source, kind: row.kind },
        after: { title, docDate: changes.doc_date, source, kind: changes.kind },
      });
    });
  }

  private requireDraft(row: DirectiveRow, what: string): void {
    if (row.status !== 'draft') throw conflict(`文件已发布，不能${what}`);
  }

  /** Structural checks of a draft: unique keys, clause spans inside the body. */
  private checkItems(items: DraftItem[], body: string): void {
    const keys = new Set<string>();
    items.forEach((item, i) => {
      const name = `第 ${i + 1} 项「${item.title || item.clause.slice(0, 20)}」`;
      if (keys.has(item.key)) throw itemError(i, 'key', `${name}：编号与前面的项重复`);
      keys.add(item.key);
      if (item.offset !== null && item.offset + item.length > body.length) throw itemError(i, 'offset', `${name}：原文位置超出了文件正文`);
    });
  }

  /** Saves the reviewed draft (edits, merges, splits, drops, order) while the directive is a draft. */
  async saveDraft(actor: Actor, id: string, items: DraftItem[]): Promise<void> {
    const row = await this.loadForEdit(actor, id, '编辑任务分解');
    this.requireDraft(row, '再编辑任务分解');
    this.checkItems(items, row.body);
    await this.deps.db.transaction().execute(async (tx) => {
      const updated = await tx
        .updateTable('directives')
        .set({ draft: JSON.stringify(items), updated_at: this.deps.clock.now() })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .where('status', '=', 'draft')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) throw conflict('文件已发布，不能再编辑任务分解');
      await this.deps.audit.record(tx, actor, { action: 'directive.draft', entityType: 'directive', entityId: id, summary: `保存任务分解 ${row.title}：${items.filter((i) => i.include).length} 项`, after: { items: items.length, included: items.filter((i) => i.include).length } });
    });
  }

  /**
   * Publishes the draft in one transaction: saves it, creates one task per included item with
   * its source clause, and marks the directive published. Every item is validated first; the
   * first bad one is named by number and title, and nothing is written.
   */
  async publish(actor: Actor, id: string, input: PublishInput): Promise<string[]> {
    const row = await this.loadForEdit(actor, id, '发布任务');
    this.requireDraft(row, '重复发布');
    this.checkItems(input.items, row.body);
    const included = input.items.map((item, index) => ({ item, index })).filter((x) => x.item.include);
    if (included.length === 0) throw invalid('items', '没有要发布的任务：请至少保留一项');
    const tasks = included.map(({ item, index }) => ({
      index,
      input: {
        title: item.title.trim(),
        content: item.content,
        category: item.category,
        sourceDirectiveId: id,
        sourceClause: item.clause || null,
        sourceOffset: item.offset,
        leadUnitIds: item.leadUnitIds,
        coUnitIds: item.coUnitIds,
        deadline: item.deadline,
        longTerm: item.longTerm ?? false,
        assign: input.assign ?? true,
        ackWorkdays: input.ackWorkdays ?? 1,
      },
    }));
    const nameOf = (index: number) => {
      const item = input.items[index]!;
      return `第 ${index + 1} 项「${item.title.trim() || item.clause.slice(0, 20)}」`;
    };
    for (const { index, input: task } of tasks) {
      if (!task.title) throw itemError(index, 'title', `${nameOf(index)}：请填写任务名称`);
      if (task.leadUnitIds.length === 0) throw itemError(index, 'leadUnitIds', `${nameOf(index)}：请选择牵头单位`);
    }
    const problem = await this.deps.tasks.checkNew(actor, tasks.map((x) => x.input));
    if (problem) {
      const index = tasks[problem.index]!.index;
      throw itemError(index, problem.field, `${nameOf(index)}：${problem.message}`);
    }
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (tx) => {
      const marked = await tx
        .updateTable('directives')
        .set({ draft: JSON.stringify(input.items), status: 'published', published_at: now, published_by: actor.userId || null, updated_at: now })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .where('status', '=', 'draft')
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (Number(marked.numUpdatedRows) === 0) throw conflict('文件已发布或已删除');
      const ids: string[] = [];
      for (const { input: task } of tasks) ids.push((await this.deps.tasks.createIn(tx, actor, task)).id);
      await this.deps.audit.record(tx, actor, { action: 'directive.publish', entityType: 'directive', entityId: id, summary: `发布文件任务 ${row.title}：${ids.length} 项`, after: { taskIds: ids } });
      return ids;
    });
  }

  /** Deletes a draft directive (soft); a published one keeps its tasks' source and cannot be deleted. */
  async remove(actor: Actor, id: string): Promise<void> {
    const row = await this.loadForEdit(actor, id, '删除文件');
    this.requireDraft(row, '删除');
    await this.deps.db.transaction().execute(async (tx) => {
      const deleted = await tx
        .updateTable('directives')
        .set({ deleted_at: this.deps.clock.now(), updated_at: this.deps.clock.now() })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .where('status', '=', 'draft')
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (Number(deleted.numUpdatedRows) === 0) throw conflict('文件已发布，不能删除');
      await this.deps.audit.record(tx, actor, { action: 'directive.delete', entityType: 'directive', entityId: id, summary: `删除文件 ${row.title}`, before: { title: row.title, status: row.status } });
    });
  }

  /** Units in the supervisor's scope named in a clause, in order of appearance, with their ancestors. */
  async suggestUnits(actor: Actor, text: string): Promise<{ id: string; name: string; path: { id: string; name: string }[]; matched: string }[]> {
    this.requireSupervisor(actor, '只有督查人员可以选择承办单位');
    const found = suggestUnits(text, await this.deps.tasks.assignableUnits(actor)).slice(0, SUGGESTIONS_MAX);
    if (found.length === 0) return [];
    const ancestors = await this.deps.db
      .selectFrom('org_closure as c')
      .innerJoin('org_units as a', (j) => j.onRef('a.tenant_id', '=', 'c.tenant_id').onRef('a.id', '=', 'c.ancestor_id'))
      .select(['c.descendant_id', 'a.id', 'a.name'])
      .where('c.tenant_id', '=', actor.tenantId)
      .where('c.descendant_id', 'in', found.map((f) => f.unit.id))
      .where('c.depth', '>', 0)
      .orderBy('c.depth', 'desc')
      .execute();
    return found.map((f) => ({
      id: f.unit.id,
      name: f.unit.name,
      path: ancestors.filter((a) => a.descendant_id === f.unit.id).map((a) => ({ id: a.id, name: a.name })),
      matched: f.matched,
    }));
  }
}

function itemError(index: number, field: string, message: string): AppError {
  return new AppError('VALIDATION', message, [{ field: `items[${index}].${field}`, message }]);
}

/** Counts arrive as strings from pg's int8. */
function numbers<T extends { item_count: unknown; task_count: unknown; target_count: unknown; cadence_count: unknown }>(row: T): T & { item_count: number; task_count: number; target_count: number; cadence_count: number } {
  return { ...row, item_count: Number(row.item_count), task_count: Number(row.task_count), target_count: Number(row.target_count), cadence_count: Number(row.cadence_count) };
}

/** The one draft item of an instruction whose text the parser did not split: the whole instruction, with the units it names as suggestions left to the reviewer. */
function instructionItem(text: string, subject: string, index: number, units: UnitRef[]): DraftItem {
  const body = text.trim();
  const offset = text.indexOf(body);
  const named = suggestUnits(body, units).map((s) => s.unit);
  return {
    key: `t${index + 1}`,
    title: [...(draftTitle(body) || subject)].slice(0, TITLE_MAX).join(''),
    content: body,
    clause: body,
    offset,
    length: body.length,
    headingPath: [],
    leadUnitIds: named.slice(0, 1).map((u) => u.id),
    coUnitIds: named.slice(1).map((u) => u.id),
    leadUnitNames: named.slice(0, 1).map((u) => u.name),
    coUnitNames: named.slice(1).map((u) => u.name),
    deadline: null,
    deadlineText: null,
    category: null,
    include: true,
  };
}
