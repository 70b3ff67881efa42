import { z } from 'zod';
import type { SuggestionRoundRow } from '../../db/schema.ts';
import { iso } from '../../http/types.ts';
import type { SuggestionListRow } from './suggestions.repository.ts';

const KINDS = ['motion', 'suggestion', 'proposal', 'opinion'] as const;
const STATUSES = ['new', 'handling', 'answered', 'closed'] as const;
const RATINGS = ['satisfied', 'basic', 'unsatisfied'] as const;

export const suggestionSchema = z.object({
  id: z.string(),
  kind: z.enum(KINDS),
  number: z.string(),
  session: z.string(),
  title: z.string(),
  content: z.string(),
  proposerNames: z.array(z.string()).describe('没有账号的提出人；有账号的在详情的 proposers 中'),
  status: z.enum(STATUSES),
  mainUnitId: z.string().nullable(),
  mainUnitName: z.string().nullable(),
  taskId: z.string().nullable(),
  deadline: z.string().nullable(),
  round: z.number(),
  category: z.string().nullable(),
  answeredAt: z.string().nullable(),
  firstOnTime: z.boolean().nullable(),
  rating: z.enum(RATINGS).nullable(),
  publicAgreed: z.boolean(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
});

export function presentSuggestion(s: SuggestionListRow): z.infer<typeof suggestionSchema> {
  return {
    id: s.id,
    kind: s.kind,
    number: s.number,
    session: s.session,
    title: s.title,
    content: s.content,
    proposerNames: s.proposer_names,
    status: s.status,
    mainUnitId: s.main_unit_id,
    mainUnitName: s.main_unit_name,
    taskId: s.task_id,
    deadline: s.deadline,
    round: s.round,
    category: s.category,
    answeredAt: iso(s.answered_at),
    firstOnTime: s.first_on_time,
    rating: s.rating,
    publicAgreed: s.public_agreed,
    publishedAt: iso(s.published_at),
    createdAt: iso(s.created_at)!,
  };
}

export const roundSchema = z.object({
  round: z.number(),
  deadline: z.string(),
  startedAt: z.string(),
  answer: z.string().nullable(),
  category: z.string().nullable(),
  answeredAt: z.string().nullable(),
  answeredByName: z.string().nullable(),
  onTime: z.boolean().nullable(),
  rating: z.enum(RATINGS).nullable(),
  ratingMeans: z.string().nullable().describe('督查人员代为录入时的方式；本人评价为空'),
  ratingNote: z.string(),
  ratedByName: z.string().nullable(),
  ratedAt: z.string().nullable(),
});

export function presentRound(r: SuggestionRoundRow & { answered_by_name: string | null; rated_by_name: string | null }): z.infer<typeof roundSchema> {
  return {
    round: r.round,
    deadline: r.deadline,
    startedAt: iso(r.started_at)!,
    answer: r.answer,
    category: r.category,
    answeredAt: iso(r.answered_at),
    answeredByName: r.answered_by_name,
    onTime: r.on_time,
    rating: r.rating,
    ratingMeans: r.rating_means,
    ratingNote: r.rating_note,
    ratedByName: r.rated_by_name,
    ratedAt: iso(r.rated_at),
  };
}

export const statsLineSchema = z.object({
  key: z.string().nullable().describe('主办单位编号（未交办为空）或届次'),
  name: z.string(),
  received: z.number(),
  assigned: z.number(),
  answered: z.number(),
  onTime: z.number(),
  closed: z.number(),
  rated: z.number(),
  satisfied: z.number(),
  answeredRate: z.number().nullable().describe('办结率 %：已答复/已交办'),
  satisfiedRate: z.number().nullable().describe('满意率 %：（满意+基本满意）/已评价'),
});

const todoItem = z.object({ id: z.string(), kind: z.enum(KINDS), number: z.string(), session: z.string(), title: z.string(), deadline: z.string().nullable(), round: z.number() });
export const todoSchema = z.object({ toAnswer: z.object({ total: z.number(), items: z.array(todoItem) }), toRate: z.object({ total: z.number(), items: z.array(todoItem) }) });

type TodoRow = { id: string; kind: (typeof KINDS)[number]; number: string; session: string; title: string; deadline: string | null; round: number };
export function presentTodo(t: { toAnswer: { total: number; items: TodoRow[] }; toRate: { total: number; items: TodoRow[] } }): z.infer<typeof todoSchema> {
  const item = (r: TodoRow) => ({ id: r.id, kind: r.kind, number: r.number, session: r.session, title: r.title, deadline: r.deadline, round: r.round });
  return { toAnswer: { total: t.toAnswer.total, items: t.toAnswer.items.map(item) }, toRate: { total: t.toRate.total, items: t.toRate.items.map(item) } };
}
