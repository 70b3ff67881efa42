import { BURDEN_MODULES } from '@luoshi/shared';
import type { Actor } from '../../access/index.ts';
import { addLedgerSheet, writeLedger, type LedgerColumn } from '../../reports/excel.ts';
import { BURDEN_KIND_LABELS, BURDEN_MODULE_LABELS, DUPLICATE_RULE, type BurdenRequest } from './burden-rules.ts';
import type { BurdenQuery, BurdenService } from './burden.service.ts';

const monthWords = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
const describe = (r: BurdenRequest) => `${BURDEN_MODULE_LABELS[r.module] ?? r.module}·${BURDEN_KIND_LABELS[r.kind]}：${r.title}（${r.period}）`;

/**
 * The burden as a 台账: one row per unit (requested/filed by module, in all, duplicates), and a
 * second sheet listing each duplicate pair with the rule above it.
 */
export async function exportBurden(burden: BurdenService, actor: Actor, q: BurdenQuery): Promise<Buffer> {
  const o = await burden.overview(actor, q);
  const columns: LedgerColumn[] = [
    { header: '序号', width: 6, align: 'center' },
    { header: '单位', width: 24 },
    ...BURDEN_MODULES.map((m) => ({ header: `${BURDEN_MODULE_LABELS[m]}（已报/要求）`, width: 12, align: 'center' as const })),
    { header: '合计要求', width: 10, align: 'center' },
    { header: '合计已报', width: 10, align: 'center' },
    { header: '重复填报（对）', width: 12, align: 'center' },
  ];
  const cell = (t: { requested: number; filed: number } | undefined) => (t ? `${t.filed}/${t.requested}` : '—');
  const names = new Map(o.rows.map((r) => [r.unit.id, r.unit.name]));
  return writeLedger(
    {
      sheetName: '填报负担',
      title: `${o.unit.name}${monthWords(o.month)}填报负担统计`,
      subtitle: `共 ${o.rows.length} 个单位，要求填报 ${o.totals.requested} 项，已报 ${o.totals.filed} 项，重复填报 ${o.totals.duplicates} 对`,
      columns,
      rows: o.rows.map((r, i) => [i + 1, r.unit.name, ...BURDEN_MODULES.map((m) => cell(r.byModule[m])), r.requested, r.filed, r.duplicates]),
    },
    (wb) =>
      addLedgerSheet(wb, {
        sheetName: '重复填报',
        title: `${monthWords(o.month)}重复填报清单`,
        subtitle: DUPLICATE_RULE,
        columns: [
          { header: '序号', width: 6, align: 'center' },
          { header: '单位', width: 20 },
          { header: '填报要求一', width: 40 },
          { header: '填报要求二', width: 40 },
        ],
        rows: o.pairs.map((p, i) => [i + 1, names.get(p.a.unitId) ?? '', describe(p.a), describe(p.b)]),
      }),
  );
}
