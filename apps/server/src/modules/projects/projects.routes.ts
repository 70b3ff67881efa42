import { z } from 'zod';
import { actorOf } from '../../http/auth-hook.ts';
import { isoDate } from '../../http/input.ts';
import { pageInfoSchema, pageQuerySchema } from '../../http/pagination.ts';
import { LIMITS } from '@luoshi/shared';
import type { Container } from '../../container.ts';
import { AppError } from '../../errors.ts';
import { idParams, okSchema, queryBool, xlsxHeaders, type App } from '../../http/types.ts';
import { shanghaiDate } from '../../supervision/rules/working-days.ts';
import { exportProjects, importProjects } from './projects.excel.ts';
import { buildProjectBulletinDocx } from '../../reports/project-bulletin.docx.ts';
import { csv } from '../tasks/tasks.routes.ts';
import { PROJECT_KINDS, PROJECT_LEVELS, PROJECT_STAGES } from './project-rules.ts';
import { milestoneInputSchema, presentDetail, presentListRow, presentReport, projectDetailSchema, projectInputSchema, projectListRowSchema, reportInputSchema, reportSchema } from './projects.presenter.ts';
import type { ProjectService } from './projects.service.ts';

export const projectFilterSchema = pageQuerySchema.extend({
  q: z.string().max(100).optional().describe('编号、名称、业主单位、行业、标签（简繁通查）'),
  stage: csv(PROJECT_STAGES).optional(),
  kind: z.enum(PROJECT_KINDS).optional(),
  level: z.enum(PROJECT_LEVELS).optional(),
  light: csv(['green', 'yellow', 'red'] as const).optional(),
  unitId: z.uuid('unitId 应为单位编号').optional().describe('牵头单位（含下级）'),
  tag: z.string().max(30).optional(),
  tagGroupId: z.uuid('tagGroupId 应为标签分组编号').optional().describe('带有该标签分组中任一标签的项目'),
  startYear: z.coerce.number().int().min(2000).max(2100).optional(),
  due: queryBool.optional().describe('true：只列出最近一个已到报送日的月报尚未报送的项目（待报送）'),
});

/** Routes of key projects (issue 11): register, milestones, monthly reports, coordination. */
export function registerProjectRoutes(app: App, projects: ProjectService, c: Container): void {
  const tags = ['重点项目'];
  const detail = async (req: Parameters<typeof actorOf>[0], id: string) => presentDetail(await projects.detail(actorOf(req), id));

  app.get('/api/projects', {
    schema: { tags, summary: '重点项目列表：阶段、类型、级别、灯色、牵头单位（含下级）、标签、入库年份、关键词；红灯、黄灯在前', querystring: projectFilterSchema, response: { 200: z.object({ data: z.array(projectListRowSchema), page: pageInfoSchema }) } },
    handler: async (req) => {
      const page = await projects.list(actorOf(req), req.query);
      return { data: page.data.map(presentListRow), page: page.page };
    },
  });

  const money = z.number();
  app.get('/api/projects/dashboard', {
    schema: {
      tags,
      summary: '项目看板：逐月计划与完成投资、阶段漏斗、各区投资完成率排名、项目坐标示意图（项目多时按位置汇总）；只统计本人范围内（及所选单位下）的项目',
      querystring: z.object({ year: z.coerce.number({ error: '年份应为数字' }).int('年份应为整数').min(2000, '年份应在 2000 到 2100 之间').max(2100, '年份应在 2000 到 2100 之间'), unitId: z.uuid('unitId 应为单位编号').optional() }),
      response: {
        200: z.object({
          year: z.number(),
          yearPlanned: money,
          yearInvested: money,
          months: z.array(z.object({ period: z.string(), planned: money, invested: money, plannedCumulative: money, investedCumulative: money })),
          funnel: z.array(z.object({ stage: z.enum(PROJECT_STAGES), count: z.number(), totalInvestment: money })),
          districts: z.array(z.object({ unitId: z.string(), name: z.string(), projects: z.number(), planned: money, invested: money, rate: z.number().nullable().describe('完成率（%），无年度计划时为 null') })),
          mapped: z.number().describe('有坐标的项目数'),
          points: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), longitude: z.number(), latitude: z.number(), stage: z.enum(PROJECT_STAGES), light: z.enum(['green', 'yellow', 'red']), totalInvestment: money })).describe('逐个项目（有坐标的不超过 800 个时）'),
          clusters: z.array(z.object({ name: z.string().nullable().describe('按单位汇总时为单位名称；其余项目或按网格汇总时为 null'), longitude: z.number(), latitude: z.number(), count: z.number(), totalInvestment: money, light: z.enum(['green', 'yellow', 'red']).describe('组内最差的灯') })).describe('汇总（有坐标的超过 800 个时）：看得到整个范围时按区（或直属下级单位）汇总，否则按位置网格汇总'),
        }),
      },
    },
    handler: async (req) => projects.dashboard(actorOf(req), req.query),
  });

  app.get('/api/projects/export', {
    schema: { tags, summary: '按当前筛选导出重点项目台账 Excel（项目信息、当年计划与完成投资、完成率、阶段、灯色、最近月报）', querystring: projectFilterSchema.omit({ page: true, pageSize: true }) },
    handler: async (req, reply) => reply.headers(xlsxHeaders(`重点项目台账-${shanghaiDate(c.clock.now())}.xlsx`)).send(await exportProjects(c, actorOf(req), req.query)),
  });

  app.get('/api/projects/bulletin.docx', {
    schema: {
      tags,
      summary: '重点项目月度简报（Word）：总体投资完成、各区完成率、阶段分布、当月月报提出的需协调问题及办理情况、亮灯项目；只含本人范围内的项目',
      querystring: z.object({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM') }),
    },
    handler: async (req, reply) => {
      const view = await projects.bulletin(actorOf(req), req.query.period);
      return reply
        .headers({ 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'content-disposition': `attachment; filename="bulletin.docx"; filename*=UTF-8''${encodeURIComponent(`重点项目月度简报-${view.period}.docx`)}` })
        .send(await buildProjectBulletinDocx(view));
    },
  });

  app.post('/api/projects/import', {
    schema: {
      tags,
      summary: '导入重点项目台账（督查人员）：表头同导出的台账，每行一个新项目（编号、名称、类型、级别、牵头单位、总投资、入库年份必填）；全部成功或全部不写入，错误按行列出',
      consumes: ['multipart/form-data'],
      response: { 200: z.object({ data: z.object({ created: z.number() }) }) },
    },
    handler: async (req) => {
      const file = await req.file({ limits: { fileSize: LIMITS.uploadBytesMax } });
      if (!file) throw new AppError('VALIDATION', '请选择要导入的 Excel 文件');
      return { data: await importProjects(c, actorOf(req), await file.toBuffer(), file.filename) };
    },
  });

  app.post('/api/projects', {
    schema: { tags, summary: '登记重点项目（督查人员）：基本信息、各阶段计划节点、年度计划投资、标签', body: projectInputSchema, response: { 201: projectDetailSchema } },
    handler: async (req, reply) => {
      const project = await projects.create(actorOf(req), req.body);
      return reply.status(201).send(await detail(req, project.id));
    },
  });

  app.get('/api/projects/:id', {
    schema: { tags, summary: '项目详情：节点（计划/实际）、年度计划、最近月报、需协调问题及其交办任务', params: idParams, response: { 200: projectDetailSchema } },
    handler: async (req) => detail(req, req.params.id),
  });

  app.patch('/api/projects/:id', {
    schema: { tags, summary: '修改重点项目（督查人员）；给出的节点和年度计划整体替换原有的', params: idParams, body: projectInputSchema.partial(), response: { 200: projectDetailSchema } },
    handler: async (req) => {
      await projects.update(actorOf(req), req.params.id, req.body);
      return detail(req, req.params.id);
    },
  });

  app.delete('/api/projects/:id', {
    schema: { tags, summary: '删除误登记的重点项目（督查人员）；已报送月报或由招商线索转来的项目不能删除', params: idParams, response: { 200: okSchema } },
    handler: async (req) => {
      await projects.remove(actorOf(req), req.params.id);
      return { ok: true as const };
    },
  });

  app.post('/api/projects/:id/milestones', {
    schema: {
      tags,
      summary: '填报节点实际日期（牵头单位联络员或督查人员）：签约、开工、在建、竣工、投产；项目阶段随之推进',
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
    schema: { tags, summary: '项目月报（新月份在前）', params: idParams, querystring: pageQuerySchema, response: { 200: z.object({ data: z.array(reportSchema), page: pageInfoSchema }) } },
    handler: async (req) => {
      const page = await projects.reports(actorOf(req), req.params.id, req.query);
      return { data: page.data.map(presentReport), page: page.page };
    },
  });

  app.post('/api/projects/:id/reports', {
    schema: {
      tags,
      summary: `报送项目月报（每月一次）：本月完成投资（万元）、形象进度、需协调解决的问题、下月计划；超过报送日为迟报并亮灯`,
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
      summary: '需协调问题交办（督查人员）：生成协调事项任务（module=coordination），由督办核心跟踪亮灯、催办',
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
