import { z } from 'zod';
import type { DirectiveDetail, DirectiveSummaryRow } from '../../directives/directive.service.ts';
import { TITLE_MAX } from '../../directives/draft.ts';
import { iso } from '../../http/types.ts';
import { isoDate } from '../../http/input.ts';

export const DIRECTIVE_KINDS = ['speech', 'minutes', 'plan', 'other'] as const;
/** Every kind a directive may be: the document kinds, and 领导批示件 registered through its own form. */
export const ALL_DIRECTIVE_KINDS = [...DIRECTIVE_KINDS, 'instruction_doc'] as const;
const date = isoDate();
const names = z.array(z.string().max(200)).max(200);
const unitIds = z.array(z.uuid('无效的单位编号')).max(500);

/** One item of the draft breakdown, as the review screen edits it (docs/DIRECTIVES.md). */
export const draftItemSchema = z.object({
  key: z.string().min(1, '缺少编号').max(64),
  title: z.string().max(TITLE_MAX, `任务名称不能超过 ${TITLE_MAX} 字`),
  content: z.string().max(20000),
  clause: z.string().max(20000),
  offset: z.number().int().min(0).nullable(),
  length: z.number().int().min(0),
  headingPath: z.array(z.string().max(1000)).max(20),
  leadUnitIds: unitIds,
  coUnitIds: unitIds,
  leadUnitNames: names,
  coUnitNames: names,
  deadline: date.nullable(),
  deadlineText: z.string().max(200).nullable(),
  longTerm: z.boolean().optional(),
  category: z.string().max(50).nullable(),
  include: z.boolean(),
  nonTask: z.string().max(40).nullable().optional(),
});
export const draftItemsSchema = z.array(draftItemSchema).max(2000, '一份文件最多 2000 项任务');

const why = z.object({ rule: z.string(), cue: z.string().nullable() });
const figure = { subject: z.string().nullable(), value: z.number(), unit: z.string().nullable(), comparator: z.enum(['>=', '<=', '=']), text: z.string(), offset: z.number(), why: why.optional() };
const nameWhy = z.record(z.string(), why);
const cadence = z.object({ id: z.string().optional().describe('存储的机制编号（可一步设为工作机制）'), text: z.string(), period: z.string(), action: z.string() });

export const parsedSchema = z.object({
  title: z.string().nullable(),
  date: z.string().nullable(),
  source: z.string().nullable(),
  script: z.enum(['simplified', 'traditional', 'mixed']),
  headings: z.array(z.object({ level: z.number(), marker: z.string(), text: z.string(), offset: z.number() })),
  tasks: z.array(z.object({ text: z.string(), headingPath: z.array(z.string()), leadUnits: z.array(z.string()), coUnits: z.array(z.string()), deadline: z.string().nullable(), offset: z.number() })),
  targets: z.array(z.object(figure)),
  statistics: z.array(z.object({ ...figure, entity: z.string().nullable() })),
  formulations: z.array(z.string()),
  cadences: z.array(cadence),
  people: z.array(z.string()),
  places: z.array(z.string()),
  organizations: z.array(z.string()),
  /** Why each name was taken; absent on directives parsed before the parser said. */
  explain: z.object({ people: nameWhy, places: nameWhy, organizations: nameWhy }).optional(),
});

export const directiveSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  docDate: z.string().nullable(),
  source: z.string().nullable(),
  kind: z.enum(ALL_DIRECTIVE_KINDS),
  /** A 领导批示件's leader, date, subject and scan; null for other kinds. */
  instruction: z
    .object({ instructedBy: z.string(), instructedOn: z.string(), subject: z.string(), scan: z.object({ id: z.string(), fileName: z.string() }).nullable() })
    .nullable(),
  status: z.enum(['draft', 'published']),
  format: z.enum(['paste', 'text', 'html', 'docx', 'pdf']),
  unitName: z.string(),
  createdByName: z.string().nullable(),
  createdAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  itemCount: z.number(),
  taskCount: z.number(),
  targetCount: z.number(),
  cadenceCount: z.number(),
});

export const directiveDetailSchema = directiveSummarySchema.extend({
  script: z.enum(['simplified', 'traditional', 'mixed']),
  originalName: z.string().nullable(),
  body: z.string(),
  lostCharacters: z.array(z.number()),
  parsed: parsedSchema,
  draft: z.array(draftItemSchema),
  // id: a stored target can become an indicator's target (POST /api/indicators/targets/from-directive)
  targets: z.array(z.object({ ...figure, id: z.string().optional() })),
  cadences: z.array(cadence),
  tasks: z.array(z.object({ id: z.string(), title: z.string(), status: z.string(), light: z.string(), lightReason: z.string(), ownerUnitName: z.string() })),
  policies: z.object({ edit: z.boolean(), publish: z.boolean(), delete: z.boolean() }),
});

/** A library row. */
export function presentSummary(d: DirectiveSummaryRow): z.infer<typeof directiveSummarySchema> {
  return {
    id: d.id,
    title: d.title,
    docDate: d.doc_date,
    source: d.source,
    kind: d.kind,
    instruction:
      d.kind === 'instruction_doc' && d.instructed_by && d.instructed_on && d.instruction_subject
        ? { instructedBy: d.instructed_by, instructedOn: d.instructed_on, subject: d.instruction_subject, scan: d.scan_attachment_id && d.scan_file_name ? { id: d.scan_attachment_id, fileName: d.scan_file_name } : null }
        : null,
    status: d.status,
    format: d.format,
    unitName: d.unit_name,
    createdByName: d.created_by_name,
    createdAt: iso(d.created_at),
    publishedAt: iso(d.published_at),
    itemCount: d.item_count,
    taskCount: d.task_count,
    targetCount: d.target_count,
    cadenceCount: d.cadence_count,
  };
}

/** The review screen's directive: source text, parse, draft, found figures and rhythms, published tasks. */
export function presentDetail(d: DirectiveDetail): z.infer<typeof directiveDetailSchema> {
  const x = d.directive;
  return {
    ...presentSummary(x),
    script: x.script,
    originalName: x.original_name,
    body: x.body,
    lostCharacters: x.lost_characters,
    parsed: x.parsed,
    draft: x.draft,
    targets: d.targets,
    cadences: d.cadences,
    tasks: d.tasks.map((t) => ({ id: t.id, title: t.title, status: t.status, light: t.light, lightReason: t.light_reason, ownerUnitName: t.owner_unit_name })),
    policies: d.policies,
  };
}
