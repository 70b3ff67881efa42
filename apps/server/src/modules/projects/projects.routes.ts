import { z } from 'zod';
import { actorOf } from '../../http/auth-hook.ts';
import { isoDate } from '../../http/input.ts';
import { pageInfoSchema, pageQuerySchema } from '../../http/pagination.ts';
import { idParams, queryBool, type App } from '../../http/types.ts';
import { csv } from '../tasks/tasks.routes.ts';
import { PROJECT_KINDS, PROJECT_LEVELS, PROJECT_STAGES } from './project-rules.ts';
import { milestoneInputSchema, presentDetail, presentListRow, presentReport, projectDetailSchema, projectInputSchema, projectListRowSchema, reportInputSchema, reportSchema } from './projects.presenter.ts';
import type { ProjectService } from './projects.service.ts';

export const projectFilterSchema = pageQuerySchema.extend({
  q: z.string().max(100).optional().describe('编号、名称、业主单位、行业、标签(简繁通查)'),
  stage: csv(PROJECT_STAGES).optional(),
  kind: z.enum(PROJECT_KINDS).optional(),
  level: z.enum(PROJECT_LEVELS).optional(),
  light: csv(['green', 'yellow', 'red'] as const).optional(),
  unitId: z.uuid('unitId 应为单位编号').optional().describe('牵头单位(含下级)'),
  tag: z.string().max(30).optional(),
  startYear: z.coerce.number().int().min(2000).max(2100).optional(),
  due: queryBool.optional().describe('true:只列出最近一个已到报送日的月报尚未报送的项目(待报送)'),
});

/** Routes of key projects (issue 11): register, milestones, monthly reports, coordination. */
export function registerProjectRoutes(app: App, projects: ProjectService): void {
  const tags = ['重点项目'];
  const detail = async (req: Parameters<typeof actorOf>[0], id: string) => presentDetail(await projects.detail(actorOf(req), id));

  app.get('/api/projects', {
    schema: { tags, summary: '重点项目列表:阶段、类型、级别、灯色、牵头单位(含下级)、标签、入库年份、关键词;红灯、黄灯在前', querystring: projectFilterSchema, response: { 200: z.object({ data: z.array(projectListRowSchema), page: pageInfoSchema }) } },
    handler: async (req) => {
      const page = await projects.list(actorOf(req), req.query);
      return { data: page.data.map(presentListRow), page: page.page };
    },
  });

  app.post('/api/projects', {
    schema: { tags, summary: '登记重点项目(督查人员):基本信息、各阶段计划节点、年度计划投资、标签', body: projectInputSchema, response: { 201: projectDetailSchema } },
    handler: async (req, reply) => {
      const project = await projects.create(actorOf(req), req.body);
      return reply.status(201).send(await detail(req, project.id));
    },
  });

  app.get('/api/projects/:id', {
    schema: { tags, summary: '项目详情:节点(计划/实际)、年度计划、最近月报、需协调问题及其交办任务', params: idParams, response: { 200: projectDetailSchema } },
    handler: async (req) => detail(req, req.params.id),
  });

  app.patch('/api/projects/:id', {
    schema: { tags, summary: '修改重点项目(督查人员);给出的节点和年度计划整体替换原有的', params: idParams, body: projectInputSchema.partial(), response: { 200: projectDetailSchema } },
    handler: async (req) => {
      await projects.update(actorOf(req), req.params.id, req.body);
      return detail(req, req.params.id);
    },
  });

  app.post('/api/projects/:id/milestones', {
    schema: {
      tags,
      summary: '填报节点实际日期(牵头单位联络员或督查人员):签约、开工、在建、竣工、投产;项目阶段随之推进',
      params: idParams,
      body: z.object({ stage: milestoneInputSchema.shape.stage, actualDate: isoDate('实际日期格式应为 YYYY-MM-DD') }),
      response: { 200: projectDetailSchema },
    },
    handler: async (req) => {
      await projects.reachMilestone(actorOf(req), req.params.id, req.body.stage, req.body.actualDate);
      return detail(req, req.params.id);
    },
  });

  app.get('/api/projects/:id/reports', {
    schema: { tags, summary: '项目月报(新月份在前)', params: idParams, querystring: pageQuerySchema, response: { 200: z.object({ data: z.array(reportSchema), page: pageInfoSchema }) } },
    handler: async (req) => {
      const page = await projects.reports(actorOf(req), req.params.id, req.query);
      return { data: page.data.map(presentReport), page: page.page };
    },
  });

  app.post('/api/projects/:id/reports', {
    schema: {
      tags,
      summary: `报送项目月报(每月一次):本月完成投资(万元)、形象进度、需协调解决的问题、下月计划;超过报送日为迟报并亮灯`,
      params: idParams,
      body: reportInputSchema,
      response: { 201: z.object({ reportId: z.string(), late: z.boolean(), project: projectDetailSchema }) },
    },
    handler: async (req, reply) => {
      const r = await projects.submitReport(actorOf(req), req.params.id, req.body);
      return reply.status(201).send({ reportId: r.reportId, late: r.late, project: await detail(req, req.params.id) });
    },
  });

  app.post('/api/projects/:id/problems/:problemId/assign', {
    schema: {
      tags,
      summary: '需协调问题交办(督查人员):生成协调事项任务(module=coordination),由督办核心跟踪亮灯、催办',
      params: idParams.extend({ problemId: z.uuid('无效的问题编号') }),
      body: z.object({
        leadUnitIds: z.array(z.uuid('无效的单位编号')).min(1, '请选择牵头单位').max(50),
        coUnitIds: z.array(z.uuid('无效的单位编号')).max(50).optional(),
        deadline: isoDate('完成时限格式应为 YYYY-MM-DD'),
      }),
      response: { 201: z.object({ taskId: z.string() }) },
    },
    handler: async (req, reply) => reply.status(201).send(await projects.assignProblem(actorOf(req), req.params.id, req.params.problemId, req.body)),
  });
}
