import { z } from 'zod';
import { LIMITS } from '@luoshi/shared';
import { actorOf } from '../../http/auth-hook.ts';
import { pageInfoSchema, pageQuerySchema } from '../../http/pagination.ts';
import type { Container } from '../../container.ts';
import { AppError } from '../../errors.ts';
import { idParams, iso, okSchema, xlsxHeaders, type App } from '../../http/types.ts';
import { shanghaiDate } from '../../supervision/rules/working-days.ts';
import type { PeerRow } from '../../db/schema.ts';
import { DIRECTION_LABELS, FREQUENCY_LABELS, INDICATOR_DIRECTIONS, INDICATOR_FREQUENCIES, PEER_KINDS } from './indicator-rules.ts';
import { exportBenchmark, importIndicatorValues, importPeerValues } from './indicators.excel.ts';
import { buildBenchmarkDocx } from '../../reports/benchmark-briefing.docx.ts';
import type { IndicatorListRow, IndicatorService } from './indicators.service.ts';

const text = (label: string, max: number) => z.string().trim().max(max, `${label}不能超过 ${max} 字`);
const year = (label: string) => z.coerce.number({ error: `${label}应为数字` }).int(`${label}应为整数`).min(2000, `${label}应在 2000 到 2100 之间`).max(2100, `${label}应在 2000 到 2100 之间`);
const amount = (label: string) => z.number({ error: `${label}应为数字` }).min(-1e15, `${label}过大`).max(1e15, `${label}过大`);
const uuidList = (label: string) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.uuid(`${label}应为编号`)).max(50, `${label}最多 50 个`));

export const indicatorInputSchema = z.object({
  code: text('指标编码', 40).min(1, '请填写指标编码').regex(/^[^{}\s]+$/, '指标编码不能含空格和花括号'),
  name: text('指标名称', 100).min(1, '请填写指标名称'),
  measure: text('计量单位', 20).optional(),
  direction: z.enum(INDICATOR_DIRECTIONS, { error: `方向应为 ${Object.values(DIRECTION_LABELS).join('、')} 之一` }),
  frequency: z.enum(INDICATOR_FREQUENCIES, { error: `频次应为 ${Object.values(FREQUENCY_LABELS).join('、')} 之一` }),
  cumulative: z.boolean().optional().describe('年内逐期累计（1–n月累计）：目标按时间进度考核'),
  formula: text('计算公式', 500).nullable().optional().describe('由其他指标计算时的公式，指标写作 {编码}，如 {GDP}*10000/{POP}'),
  unitId: z.uuid('请选择报送单位'),
});

export const indicatorSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  measure: z.string(),
  direction: z.enum(INDICATOR_DIRECTIONS),
  frequency: z.enum(INDICATOR_FREQUENCIES),
  cumulative: z.boolean(),
  formula: z.string().nullable(),
  unit: z.object({ id: z.string(), name: z.string() }),
  updatedAt: z.string().nullable(),
});

export const presentIndicator = (r: IndicatorListRow): z.infer<typeof indicatorSchema> => ({
  id: r.id,
  code: r.code,
  name: r.name,
  measure: r.measure,
  direction: r.direction,
  frequency: r.frequency,
  cumulative: r.cumulative,
  formula: r.formula,
  unit: { id: r.unit_id, name: r.unit_name },
  updatedAt: iso(r.updated_at),
});

const peerSchema = z.object({ id: z.string(), name: z.string(), kind: z.enum(PEER_KINDS), note: z.string().nullable() });
const presentPeer = (p: PeerRow) => ({ id: p.id, name: p.name, kind: p.kind, note: p.note });
const peerInputSchema = z.object({ name: text('名称', 50).min(1, '请填写对标对象名称'), kind: z.enum(PEER_KINDS, { error: '类型应为 city、district、other 之一' }), note: text('备注', 500).nullable().optional() });

const lightSchema = z.enum(['green', 'yellow', 'red']);
const unitRef = z.object({ id: z.string(), name: z.string() });
export const benchmarkQuerySchema = z.object({
  orgUnitId: z.uuid('orgUnitId 应为单位编号'),
  indicatorIds: uuidList('indicatorIds').optional(),
  peerIds: uuidList('peerIds').optional(),
  fromYear: year('起始年份'),
  toYear: year('结束年份'),
});

/** Routes of indicators and benchmarking (issue 13). */
export function registerIndicatorRoutes(app: App, indicators: IndicatorService, c: Container): void {
  const tags = ['指标对标'];

  app.get('/api/indicators', {
    schema: { tags, summary: '指标列表（按编码）；所有人可读', querystring: pageQuerySchema.extend({ q: z.string().max(100).optional().describe('编码、名称') }), response: { 200: z.object({ data: z.array(indicatorSchema), page: pageInfoSchema }) } },
    handler: async (req) => {
      const page = await indicators.list(actorOf(req), req.query);
      return { data: page.data.map(presentIndicator), page: page.page };
    },
  });

  app.post('/api/indicators', {
    schema: { tags, summary: '定义指标（督查人员）：名称、编码、计量单位、方向、频次、是否累计、计算公式、报送单位', body: indicatorInputSchema, response: { 201: indicatorSchema } },
    handler: async (req, reply) => reply.status(201).send(presentIndicator(await indicators.create(actorOf(req), req.body))),
  });

  app.get('/api/indicators/achievement', {
    schema: {
      tags,
      summary: '目标完成情况：某单位某年每项指标的目标、年内最新值、完成率、应完成进度和灯色（累计指标按时间进度考核）',
      querystring: z.object({ orgUnitId: z.uuid('orgUnitId 应为单位编号'), year: year('年份') }),
      response: {
        200: z.object({
          unit: unitRef,
          year: z.number(),
          rows: z.array(z.object({ indicator: indicatorSchema, target: z.number().nullable(), fromDirective: z.boolean(), period: z.string().nullable(), value: z.number().nullable(), rate: z.number().nullable(), expected: z.number().nullable(), light: lightSchema.nullable() })),
        }),
      },
    },
    handler: async (req) => {
      const r = await indicators.achievement(actorOf(req), req.query);
      return { unit: r.unit, year: r.year, rows: r.rows.map((x) => ({ indicator: presentIndicator(x.indicator), target: x.target, fromDirective: x.fromDirective, period: x.period, value: x.value, rate: x.result?.rate ?? null, expected: x.result?.expected ?? null, light: x.result?.light ?? null })) };
    },
  });

  /** An all-or-nothing sheet import: the uploaded file to its importer. */
  const importRoute = (url: string, summary: string, run: typeof importIndicatorValues) =>
    app.post(url, {
      schema: { tags, summary, consumes: ['multipart/form-data'], response: { 200: z.object({ data: z.object({ imported: z.number() }) }) } },
      handler: async (req) => {
        const file = await req.file({ limits: { fileSize: LIMITS.uploadBytesMax } });
        if (!file) throw new AppError('VALIDATION', '请选择要导入的 Excel 文件');
        return { data: await run(c, actorOf(req), await file.toBuffer(), file.filename) };
      },
    });

  importRoute('/api/indicators/values/import', '导入指标数据（联络员、督查人员）：表头 指标编码、填报单位、期间、数值（指标名称、备注可选）；全部成功或全部不写入，错误按行列出；同期已有数据被替换', importIndicatorValues);

  app.post('/api/indicators/targets/from-directive', {
    schema: {
      tags,
      summary: '文件目标一步转为指标目标（督查人员）：解析出的目标值作为某单位某年的指标目标',
      body: z.object({ directiveTargetId: z.uuid('无效的文件目标编号'), indicatorId: z.uuid('请选择指标'), orgUnitId: z.uuid('请选择单位'), year: year('年份') }),
      response: { 200: z.object({ indicatorId: z.string(), year: z.number(), target: z.number() }) },
    },
    handler: async (req) => indicators.targetFromDirective(actorOf(req), req.body),
  });

  const benchmarkResponse = z.object({
    unit: unitRef,
    peers: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(PEER_KINDS) })),
    fromYear: z.number(),
    toYear: z.number(),
    indicators: z.array(
      z.object({
        indicator: indicatorSchema,
        periods: z.array(z.string()),
        ours: z.array(z.number().nullable()),
        peers: z.array(z.object({ id: z.string(), name: z.string(), values: z.array(z.number().nullable()), sources: z.array(z.string().nullable()) })),
        latest: z
          .object({
            period: z.string(),
            ours: z.number(),
            gaps: z.array(z.object({ peerId: z.string(), name: z.string(), value: z.number(), source: z.string(), absolute: z.number(), relative: z.number().nullable(), ahead: z.boolean() })),
            ranking: z.array(z.object({ id: z.string().nullable(), name: z.string(), value: z.number(), rank: z.number() })),
          })
          .nullable(),
      }),
    ),
  });

  app.get('/api/indicators/benchmark', {
    schema: { tags, summary: '对标分析：本单位与各对标对象逐期数值、最近共同期间的差距（绝对、相对）和排名；单位须在本人范围内', querystring: benchmarkQuerySchema, response: { 200: benchmarkResponse } },
    handler: async (req) => {
      const b = await indicators.benchmark(actorOf(req), req.query);
      return { ...b, indicators: b.indicators.map((s) => ({ ...s, indicator: presentIndicator(s.indicator) })) };
    },
  });

  app.get('/api/indicators/benchmark.xlsx', {
    schema: { tags, summary: '导出对标分析表 Excel（每项指标每个对标对象一行：本地值、对标值、差距、差距率、排名、来源）', querystring: benchmarkQuerySchema },
    handler: async (req, reply) => reply.headers(xlsxHeaders(`对标分析表-${shanghaiDate(c.clock.now())}.xlsx`)).send(await exportBenchmark(c, actorOf(req), req.query)),
  });

  app.get('/api/indicators/benchmark.docx', {
    schema: { tags, summary: '对标分析简报（Word）：总体情况、领先与落后的指标、逐项差距和来源', querystring: benchmarkQuerySchema },
    handler: async (req, reply) => {
      const view = await indicators.benchmark(actorOf(req), req.query);
      return reply
        .headers({ 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'content-disposition': `attachment; filename="benchmark.docx"; filename*=UTF-8''${encodeURIComponent(`对标分析简报-${view.unit.name}.docx`)}` })
        .send(await buildBenchmarkDocx(view, shanghaiDate(c.clock.now())));
    },
  });

  app.get('/api/indicators/:id', {
    schema: { tags, summary: '指标定义', params: idParams, response: { 200: indicatorSchema } },
    handler: async (req) => presentIndicator(await indicators.detail(actorOf(req), req.params.id)),
  });

  app.patch('/api/indicators/:id', {
    schema: { tags, summary: '修改指标定义（督查人员）；已有数据的指标不能改频次', params: idParams, body: indicatorInputSchema.partial(), response: { 200: indicatorSchema } },
    handler: async (req) => presentIndicator(await indicators.update(actorOf(req), req.params.id, req.body)),
  });

  app.delete('/api/indicators/:id', {
    schema: { tags, summary: '删除指标（督查人员）；其他指标的公式或考核办法仍在使用时不能删除；数据随指标停用', params: idParams, response: { 200: okSchema } },
    handler: async (req) => {
      await indicators.delete(actorOf(req), req.params.id);
      return { ok: true as const };
    },
  });

  app.get('/api/indicators/:id/values', {
    schema: {
      tags,
      summary: '某单位的指标逐期数值和年度目标（公式指标按公式计算）；单位须在本人范围内',
      params: idParams,
      querystring: z.object({ orgUnitId: z.uuid('orgUnitId 应为单位编号'), fromYear: year('起始年份'), toYear: year('结束年份') }),
      response: { 200: z.object({ unit: unitRef, values: z.array(z.object({ period: z.string(), value: z.number(), note: z.string().nullable() })), targets: z.array(z.object({ year: z.number(), target: z.number(), fromDirective: z.boolean() })) }) },
    },
    handler: async (req) => indicators.values(actorOf(req), req.params.id, req.query),
  });

  app.put('/api/indicators/:id/values', {
    schema: {
      tags,
      summary: '填报或更正一期数值（本单位联络员或督查人员）；期间按指标频次写：2026、2026-Q3、2026-09',
      params: idParams,
      body: z.object({ orgUnitId: z.uuid('请选择填报单位'), period: z.string().trim().min(1, '请填写期间').max(20, '期间格式有误'), value: amount('数值'), note: text('备注', 500).nullable().optional() }),
      response: { 200: z.object({ period: z.string(), value: z.number() }) },
    },
    handler: async (req) => indicators.putValue(actorOf(req), req.params.id, req.body),
  });

  app.put('/api/indicators/:id/targets', {
    schema: { tags, summary: '设定某单位某年的指标目标（督查人员）', params: idParams, body: z.object({ orgUnitId: z.uuid('请选择单位'), year: year('年份'), target: amount('目标值') }), response: { 200: z.object({ year: z.number(), target: z.number() }) } },
    handler: async (req) => indicators.putTarget(actorOf(req), req.params.id, req.body),
  });

  app.get('/api/peers', {
    schema: { tags, summary: '对标对象（其他城市、区县）；所有人可读', response: { 200: z.object({ data: z.array(peerSchema) }) } },
    handler: async (req) => ({ data: (await indicators.peers(actorOf(req))).map(presentPeer) }),
  });

  app.post('/api/peers', {
    schema: { tags, summary: '登记对标对象（督查人员）', body: peerInputSchema, response: { 201: peerSchema } },
    handler: async (req, reply) => reply.status(201).send(presentPeer(await indicators.createPeer(actorOf(req), req.body))),
  });

  importRoute('/api/peers/values/import', '导入对标数据（督查人员）：表头 对标对象、指标编码、期间、数值、数据来源；全部成功或全部不写入，错误按行列出', importPeerValues);

  app.patch('/api/peers/:id', {
    schema: { tags, summary: '修改对标对象（督查人员）', params: idParams, body: peerInputSchema.partial(), response: { 200: peerSchema } },
    handler: async (req) => presentPeer(await indicators.updatePeer(actorOf(req), req.params.id, req.body)),
  });

  app.delete('/api/peers/:id', {
    schema: { tags, summary: '删除对标对象（督查人员）；其数据随之停用，不再参与对标', params: idParams, response: { 200: okSchema } },
    handler: async (req) => {
      await indicators.deletePeer(actorOf(req), req.params.id);
      return { ok: true as const };
    },
  });

  app.put('/api/peers/:id/values', {
    schema: {
      tags,
      summary: '填报或更正对标对象一期数值及其来源（督查人员）',
      params: idParams,
      body: z.object({ indicatorId: z.uuid('请选择指标'), period: z.string().trim().min(1, '请填写期间').max(20, '期间格式有误'), value: amount('数值'), source: text('数据来源', 200).min(1, '请填写数据来源') }),
      response: { 200: z.object({ period: z.string(), value: z.number(), source: z.string() }) },
    },
    handler: async (req) => indicators.putPeerValue(actorOf(req), req.params.id, req.body),
  });
}
