import { writeLedger, type LedgerColumn } from '../../reports/excel.ts';
import { SOURCE_LABELS, type Derivation } from './assessment-rules.ts';

export interface AssessmentSheetView {
  title: string;
  subtitle: string;
  groups: { key: string; name: string }[];
  results: { groupKey: string; rank: number; unitName: string; total: number; derivation: Derivation }[];
}

/**
 * The results as a 台账: one row per unit (group, rank, each item's weighted score, bonus,
 * deduction, total), and a second sheet of the derivation, one row per unit and item.
 */
export async function exportAssessment(v: AssessmentSheetView): Promise<Buffer> {
  const itemHeads = v.results[0]?.derivation.items.map((i) => ({ header: `${i.name}（${i.weight}）`, width: 12, align: 'center' as const })) ?? [];
  const columns: LedgerColumn[] = [
    { header: '序号', width: 6, align: 'center' },
    { header: '分组', width: 12, align: 'center' },
    { header: '名次', width: 6, align: 'center' },
    { header: '单位', width: 22 },
    ...itemHeads,
    { header: '加分', width: 8, align: 'center' },
    { header: '减分', width: 8, align: 'center' },
    { header: '总分', width: 9, align: 'center' },
  ];
  const groupName = new Map(v.groups.map((g) => [g.key, g.name]));
  return writeLedger(
    {
      sheetName: '考核结果',
      title: v.title,
      subtitle: v.subtitle,
      columns,
      rows: v.results.map((r, i) => [i + 1, groupName.get(r.groupKey) ?? r.groupKey, r.rank, r.unitName, ...r.derivation.items.map((it) => it.weighted), r.derivation.bonus, r.derivation.deduction, r.total]),
    },
    (workbook) => {
      const sheet = workbook.addWorksheet('得分推导');
      sheet.columns = [{ width: 22 }, { width: 18 }, { width: 14 }, { width: 10 }, { width: 36 }, { width: 40 }, { width: 8 }, { width: 8 }, { width: 10 }];
      sheet.addRow(['单位', '项目', '数据来源', '数据', '依据', '计分公式', '得分', '权重', '加权得分']).font = { bold: true };
      for (const r of v.results) {
        for (const it of r.derivation.items) sheet.addRow([r.unitName, it.name, SOURCE_LABELS[it.source], it.raw, it.basis, it.formulaText, it.score, it.weight, it.weighted]);
        for (const a of r.derivation.adjustments) sheet.addRow([r.unitName, `${a.kind === 'bonus' ? '加分' : '减分'}：${a.name}`, '', a.entered, a.notes.join('；'), `单项上限 ${a.cap}`, null, null, a.kind === 'bonus' ? a.applied : -a.applied]);
        sheet.addRow([r.unitName, '合计', '', null, `项目得分 ${r.derivation.itemsTotal}，加分 ${r.derivation.bonus}（总上限 ${r.derivation.bonusCap}），减分 ${r.derivation.deduction}（总上限 ${r.derivation.deductionCap}）`, '', null, null, r.total]);
      }
    },
  );
}
