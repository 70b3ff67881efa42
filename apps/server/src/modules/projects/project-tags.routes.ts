import { z } from 'zod';
import { actorOf } from '../../http/auth-hook.ts';
import { idParams, okSchema, type App } from '../../http/types.ts';
import type { ProjectTagService } from './project-tags.service.ts';

const name = (label: string) => z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(30, `${label}不能超过 30 字`);
const sortOrder = z.number({ error: '排序应为数字' }).int('排序应为整数').min(0, '排序不能为负数').max(9999, '排序不能超过 9999');

const tagGroupsSchema = z.object({
  canEdit: z.boolean().describe('本人能否维护标签目录（市级督查人员）'),
  groups: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      sortOrder: z.number(),
      tags: z.array(z.object({ id: z.string(), name: z.string(), sortOrder: z.number(), enabled: z.boolean(), projects: z.number().describe('带有该标签的项目数（全市）') })),
    }),
  ),
});

/** Routes of the project tag dictionary (issue 11, item 1): groups (e.g. "6+2+X") holding tags. */
export function registerProjectTagRoutes(app: App, tags: ProjectTagService): void {
  const t = ['重点项目'];
  const created = z.object({ id: z.string() });

  app.get('/api/project-tags', {
    schema: { tags: t, summary: '项目标签目录：分组（如“6+2+X”产业集群）及其标签，含停用的标签和各标签的项目数；没有目录时项目标签可自由填写', response: { 200: tagGroupsSchema } },
    handler: async (req) => tags.list(actorOf(req)),
  });

  app.post('/api/project-tags/groups', {
    schema: { tags: t, summary: '新增标签分组（市级督查人员）', body: z.object({ name: name('分组名称'), sortOrder: sortOrder.optional() }), response: { 201: created } },
    handler: async (req, reply) => reply.status(201).send(await tags.createGroup(actorOf(req), req.body)),
  });

  app.patch('/api/project-tags/groups/:id', {
    schema: { tags: t, summary: '修改标签分组的名称或排序（市级督查人员）', params: idParams, body: z.object({ name: name('分组名称').optional(), sortOrder: sortOrder.optional() }), response: { 200: okSchema } },
    handler: async (req) => {
      await tags.updateGroup(actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  });

  app.delete('/api/project-tags/groups/:id', {
    schema: { tags: t, summary: '删除标签分组（市级督查人员）；分组下还有标签时不能删除（409）', params: idParams, response: { 200: okSchema } },
    handler: async (req) => {
      await tags.deleteGroup(actorOf(req), req.params.id);
      return { ok: true as const };
    },
  });

  app.post('/api/project-tags', {
    schema: { tags: t, summary: '新增标签（市级督查人员）；标签名称全市唯一', body: z.object({ groupId: z.uuid('请选择标签分组'), name: name('标签名称'), sortOrder: sortOrder.optional() }), response: { 201: created } },
    handler: async (req, reply) => reply.status(201).send(await tags.createTag(actorOf(req), req.body)),
  });

  app.patch('/api/project-tags/:id', {
    schema: {
      tags: t,
      summary: '修改标签（市级督查人员）：改名（带有该标签的项目随之改名）、排序、移到其他分组、停用或启用',
      params: idParams,
      body: z.object({ name: name('标签名称').optional(), sortOrder: sortOrder.optional(), enabled: z.boolean({ error: 'enabled 应为 true 或 false' }).optional(), groupId: z.uuid('请选择标签分组').optional() }),
      response: { 200: z.object({ renamedOn: z.number().describe('随之改名的项目数') }) },
    },
    handler: async (req) => tags.updateTag(actorOf(req), req.params.id, req.body),
  });

  app.delete('/api/project-tags/:id', {
    schema: { tags: t, summary: '删除标签（市级督查人员）；有项目使用时不能删除（409），可改为停用', params: idParams, response: { 200: okSchema } },
    handler: async (req) => {
      await tags.deleteTag(actorOf(req), req.params.id);
      return { ok: true as const };
    },
  });
}
