import { AlignmentType, Paragraph } from 'docx';
import type { Benchmark } from '../modules/indicators/indicators.service.ts';
import { body, heading, table } from './campaign-summary.docx.ts';
import { chineseDate, FONT_BODY, FONT_TITLE, officialDocx, run, SIZE_BODY, SIZE_TITLE } from './supervision-order.docx.ts';

const num = (n: number) => n.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
const rel = (n: number | null) => (n === null ? '—' : `${n >= 0 ? '+' : ''}${(n * 100).toFixed(1)}%`);

/**
 * The benchmarking briefing (对标分析简报) as .docx in the 督办单's fonts and page: a summary of
 * where we lead and trail, then for each indicator our value, each peer's, the gap and the source.
 */
export async function buildBenchmarkDocx(v: Benchmark, asOf: string): Promise<Buffer> {
  const compared = v.indicators.filter((s) => s.latest);
  const leading = compared.filter((s) => s.latest!.ranking.find((r) => r.id === null)!.rank === 1);
  const trailing = compared.filter((s) => s.latest!.gaps.some((g) => !g.ahead));
  const names = (list: typeof compared) => list.map((s) => s.indicator.name).join('、');
  return officialDocx(`${v.unit.name}对标分析简报`, [
      new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [run(`${v.unit.name}对标分析简报`, FONT_TITLE, SIZE_TITLE)] }),
      new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 360 }, children: [run(`（${v.fromYear}—${v.toYear}年，截至${chineseDate(asOf)}）`, FONT_BODY, SIZE_BODY)] }),
      heading('一、总体情况'),
      body(
        `本期选取 ${v.indicators.length} 项指标，与${v.peers.map((p) => p.name).join('、') || '（未选对标对象）'}共 ${v.peers.length} 个对标对象比较，其中 ${compared.length} 项有可比数据。` +
          (leading.length ? `排名第一的指标 ${leading.length} 项：${names(leading)}。` : '暂无排名第一的指标。') +
          (trailing.length ? `落后于至少一个对标对象的指标 ${trailing.length} 项：${names(trailing)}。` : '各项指标均不落后于对标对象。'),
      ),
      heading('二、逐项对比'),
      ...compared.flatMap((s, i) => {
        const l = s.latest!;
        const ours = l.ranking.find((r) => r.id === null)!;
        return [
          body(`${i + 1}．${s.indicator.name}（${s.indicator.measure || '—'}，${l.period}）：本地 ${num(l.ours)}，在 ${l.ranking.length} 个比较对象中排第 ${ours.rank} 位。`),
          table(['对标对象', '数值', '差距', '差距率', '数据来源'], l.gaps.map((g) => [g.name, num(g.value), `${g.absolute >= 0 ? '+' : ''}${num(g.absolute)}`, rel(g.relative), g.source]), [3, 2.4, 2.4, 2]),
        ];
      }),
      ...(compared.length === 0 ? [body('所选指标和年份内暂无可比数据。')] : []),
  ]);
}
