import { LIMITS, ORG_KINDS } from '@luoshi/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth-hook.ts';
import { pageInfoSchema, pageQuerySchema } from '../../http/pagination.ts';
import { idParams, iso, okSchema, queryBool, xlsxHeaders, type App } from '../../http/types.ts';
import type { OrgUnitRow } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { OrgService } from './org.service.ts';

const orgUnitSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: z.enum(ORG_KINDS),
  parentId: z.string().nullable(),
  parentName: z.string().nullable().optional(),
  sortOrder: z.number(),
  depth: z.number(),
  active: z.boolean(),
  childCount: z.number().optional(),
  path: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

/** Output fields of an org unit, one by one. */
export function presentOrgUnit(u: OrgUnitRow & { parent_name?: string | null; child_count?: number; path?: { id: string; name: string }[] }): z.infer<typeof orgUnitSchema> {
  return {
    id: u.id,
    code: u.code,
    name: u.name,
    shortName: u.short_name,
    kind: u.kind,
    parentId: u.parent_id,
    ...(u.parent_name !== undefined ? { parentName: u.parent_name } : {}),
    sortOrder: u.sort_order,
    depth: u.depth,
    active: u.active,
    ...(u.child_count !== undefined ? { childCount: u.child_count } : {}),
    ...(u.path ? { path: u.path } : {}),
    createdAt: iso(u.created_at),
    updatedAt: iso(u.updated_at),
  };
}

const name = z.string().trim().min(1, '名称不能为空').max(LIMITS.nameMax, `名称不能超过 ${LIMITS.nameMax} 个字`);
const code = z.string().trim().min(1, '编码不能为空').max(LIMITS.codeMax, `编码不能超过 ${LIMITS.codeMax} 个字符`).regex(/^[A-Za-z0-9_.-]+$/, '编码只能包含字母、数字和 _ . -');
const createBody = z.object({
  parentId: z.uuid('无效的上级单位').nullable(),
  kind: z.enum(ORG_KINDS, '无效的单位类型'),
  code,
  name,
  shortName: z.string().trim().max(50).nullable().optional(),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
});
const policiesSchema = z.object({ update: z.boolean(), createChild: z.boolean(), move: z.boolean(), deactivate: z.boolean(), remove: z.boolean() });
const single = z.object({ data: orgUnitSchema, policies: policiesSchema });

/** Routes of the organisation tree. */
export function registerOrgRoutes(app: App, org: OrgService): void {
  const one = async (actor: ReturnType<typeof actorOf>, id: string) => {
    const unit = await org.get(actor, id);
    return { data: presentOrgUnit(unit), policies: await org.policies(actor, unit) };
  };

  app.get('/api/org-units', {
    schema: {
      tags: ['组织机构'],
      summary: '单位列表（数据范围内）',
      querystring: pageQuerySchema.extend({ parentId: z.uuid().optional(), q: z.string().max(100).optional(), kind: z.enum(ORG_KINDS).optional(), active: queryBool.optional() }),
      response: { 200: z.object({ data: z.array(orgUnitSchema), page: pageInfoSchema }) },
    },
    handler: async (req) => {
      const page = await org.list(actorOf(req), req.query);
      return { data: page.data.map(presentOrgUnit), page: page.page };
    },
  });

  app.get('/api/org-units/without-liaison', {
    schema: {
      tags: ['组织机构'],
      summary: '缺少联络员的单位（管理员；数据范围内的启用单位中，没有可签收、报送的在用联络员账号的）',
      querystring: pageQuerySchema.extend({ q: z.string().max(100).optional() }),
      response: { 200: z.object({ data: z.array(orgUnitSchema), page: pageInfoSchema }) },
    },
    handler: async (req) => {
      const page = await org.unitsWithoutLiaison(actorOf(req), req.query);
      return { data: page.data.map(presentOrgUnit), page: page.page };
    },
  });

  app.get('/api/org-units/tree', {
    schema: {
      tags: ['组织机构'],
      summary: '树的一层：某单位的下级，或不带 parentId 时数据范围的顶层单位',
      querystring: z.object({ parentId: z.uuid().optional() }),
      response: { 200: z.object({ data: z.array(orgUnitSchema) }) },
    },
    handler: async (req) => ({ data: (await org.children(actorOf(req), req.query.parentId ?? null)).map(presentOrgUnit) }),
  });

  app.get('/api/org-units/export', {
    schema: { tags: ['组织机构'], summary: '导出组织机构 Excel' },
    handler: async (req, reply) => {
      const file = await org.exportSheet(actorOf(req));
      return reply.headers(xlsxHeaders('组织机构.xlsx')).send(file);
    },
  });

  app.post('/api/org-units/import', {
    schema: {
      tags: ['组织机构'],
      summary: '从 Excel 导入组织机构（编码、名称、上级编码、类型）；全部成功或全部不写入',
      consumes: ['multipart/form-data'],
      response: { 200: z.object({ data: z.object({ created: z.number(), updated: z.number() }) }) },
    },
    handler: async (req) => {
      const file = await req.file({ limits: { fileSize: LIMITS.uploadBytesMax } });
      if (!file) throw new AppError('VALIDATION', '请选择要导入的 Excel 文件');
      const buffer = await file.toBuffer();
      return { data: await org.importSheet(actorOf(req), buffer, file.filename) };
    },
  });

  app.get('/api/org-units/:id', {
    schema: { tags: ['组织机构'], summary: '单位详情', params: idParams, response: { 200: single } },
    handler: async (req) => one(actorOf(req), req.params.id),
  });

  app.post('/api/org-units', {
    schema: { tags: ['组织机构'], summary: '新建单位', body: createBody, response: { 201: single } },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const unit = await org.create(actor, req.body);
      return reply.status(201).send(await one(actor, unit.id));
    },
  });

  app.patch('/api/org-units/:id', {
    schema: { tags: ['组织机构'], summary: '修改单位', params: idParams, body: createBody.omit({ parentId: true }).partial(), response: { 200: single } },
    handler: async (req) => {
      const actor = actorOf(req);
      await org.update(actor, req.params.id, req.body);
      return one(actor, req.params.id);
    },
  });

  app.post('/api/org-units/:id/move', {
    schema: { tags: ['组织机构'], summary: '移动单位（连同下级）', params: idParams, body: z.object({ parentId: z.uuid('无效的上级单位') }), response: { 200: single } },
    handler: async (req) => {
      const actor = actorOf(req);
      await org.move(actor, req.params.id, req.body.parentId);
      return one(actor, req.params.id);
    },
  });

  app.post('/api/org-units/:id/deactivate', {
    schema: { tags: ['组织机构'], summary: '停用单位', params: idParams, response: { 200: single } },
    handler: async (req) => {
      const actor = actorOf(req);
      await org.setActive(actor, req.params.id, false);
      return one(actor, req.params.id);
    },
  });

  app.post('/api/org-units/:id/activate', {
    schema: { tags: ['组织机构'], summary: '启用单位', params: idParams, response: { 200: single } },
    handler: async (req) => {
      const actor = actorOf(req);
      await org.setActive(actor, req.params.id, true);
      return one(actor, req.params.id);
    },
  });

  app.delete('/api/org-units/:id', {
    schema: { tags: ['组织机构'], summary: '删除没有下级和用户的单位（有记录的单位只能停用）', params: idParams, response: { 200: okSchema } },
    handler: async (req) => {
      await org.remove(actorOf(req), req.params.id);
      return { ok: true as const };
    },
  });
}
