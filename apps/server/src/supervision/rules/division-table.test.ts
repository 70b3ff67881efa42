import { describe, expect, it } from 'vitest';
import { DEADLINE_REQUIRED_MESSAGE } from '@luoshi/shared';
import { matchUnit, parseDeadline, parseDivisionTable, type UnitRef } from './division-table.ts';

const unit = (id: string, name: string, shortName: string | null = null): UnitRef => ({ id, name, shortName });
const U = {
  fgw: unit('fgw', '市发展和改革委员会'),
  cz: unit('cz', '市财政局'),
  dcCz: unit('dc-cz', '东城区财政局'),
  xcCz: unit('xc-cz', '西城区财政局'),
  dcFg: unit('dc-fg', '东城区发展和改革局'),
  zj: unit('zj', '市住房和城乡建设局'),
  scjg: unit('scjg', '市市场监督管理局'),
  cg: unit('cg', '市城市管理局'),
  jy: unit('jy', '市教育局'),
  wj: unit('wj', '市卫生健康委员会', '市卫健委'),
  gx: unit('gx', '市工业和信息化局'),
  zg: unit('zg', '市自然资源和规划局'),
  rs: unit('rs', '市人力资源和社会保障局'),
  sp: unit('sp', '市行政审批服务局'),
  sj: unit('sj', '市大数据管理局'),
  zzb: unit('zzb', '市委组织部'),
  zfb: unit('zfb', '市人民政府办公室'),
};
const units = Object.values(U);
const TODAY = '2026-03-04';

describe('matchUnit', () => {
  it.each([
    ['市财政局', U.cz, 'exact name'],
    ['东城区财政局', U.dcCz, 'exact name beats the city-level 财政局'],
    ['市卫健委', U.wj, 'short name'],
    ['市財政局', U.cz, 'Traditional script'],
    [' 市 发改委 ', U.fgw, 'spaces'],
    ['市发改委', U.fgw, '发改委 ↔ 发展和改革委员会'],
    ['发改委', U.fgw, 'no prefix, only one 发改委'],
    ['东城区发改局', U.dcFg, '发改局 ↔ 发展和改革局'],
    ['临江市财政局', U.cz, 'the city named before 市'],
    ['市工信局', U.gx, '工信局'],
    ['市住建局', U.zj, '住建局'],
    ['市资规局', U.zg, '资规局'],
    ['市卫生健康委', U.wj, '卫生健康委'],
    ['市场监管局', U.scjg, '市场 is not a level prefix'],
    ['市市场监管局', U.scjg, '市 + 市场监管局'],
    ['市人社局', U.rs, '人社局'],
    ['城管局', U.cg, '城管局 ↔ 城市管理局'],
    ['市教体局', U.jy, '教体局 ↔ 教育局'],
    ['市审批局', U.sp, '审批局 ↔ 行政审批服务局'],
    ['市数据局', U.sj, '数据局 ↔ 大数据管理局'],
    ['组织部', U.zzb, '组织部 ↔ 市委组织部'],
    ['市政府办', U.zfb, '政府办 ↔ 人民政府办公室'],
  ])('%s → %o (%s)', (name, expected) => {
    expect(matchUnit(name, units)).toEqual({ unit: expected, candidates: [expected] });
  });

  it('reports a tie between units of different places', () => {
    expect(matchUnit('财政局', units)).toEqual({ unit: null, candidates: [U.cz, U.dcCz, U.xcCz] });
    expect(matchUnit('区财政局', units)).toEqual({ unit: null, candidates: [U.dcCz, U.xcCz] });
  });

  it('finds nothing for an unknown unit', () => {
    expect(matchUnit('市XX局', units)).toEqual({ unit: null, candidates: [] });
    expect(matchUnit('市水利局', units)).toEqual({ unit: null, candidates: [] });
  });

  it('does not let a district unit answer for a city one', () => {
    expect(matchUnit('市发展和改革局', [U.dcFg])).toEqual({ unit: null, candidates: [] });
  });
});

describe('parseDeadline', () => {
  it.each([
    ['年底前', '2026-12-31'],
    ['年内', '2026-12-31'],
    ['6月底前', '2026-06-30'],
    ['6月底', '2026-06-30'],
    ['6月30日前', '2026-06-30'],
    ['2月底前', '2026-02-28'], // already past: kept in this year, the caller warns
    ['十二月底', '2026-12-31'],
    ['十月中旬', '2026-10-20'],
    ['2023年12月底', '2023-12-31'],
    ['2024年6月30日', '2024-06-30'],
    ['2024-06-30', '2024-06-30'],
    ['2024.6.30', '2024-06-30'],
    ['２０２４年６月３０日', '2024-06-30'],
    ['二〇二七年三月底前', '2027-03-31'],
    ['明年6月底前', '2027-06-30'],
    ['三季度末', '2026-09-30'],
    ['第三季度', '2026-09-30'],
    ['2027年一季度', '2027-03-31'],
    ['上半年', '2026-06-30'],
    ['下半年', '2026-12-31'],
    ['2027年底前', '2027-12-31'],
    ['3月底前出台方案,年底前全面完成', '2026-12-31'],
  ])('%s → %s', (text, date) => {
    expect(parseDeadline(text, TODAY)).toEqual({ date, text, recurring: null });
  });

  it.each([
    ['长期坚持', 'ongoing'],
    ['持续推进', 'ongoing'],
    ['每月', 'monthly'],
    ['每季度', 'quarterly'],
    ['每年', 'yearly'],
  ] as const)('%s → no date, recurring %s', (text, recurring) => {
    expect(parseDeadline(text, TODAY)).toEqual({ date: null, text, recurring });
  });

  it('gives both a date and a rhythm when a cell has both', () => {
    expect(parseDeadline('每月25日前报送进展,年底前完成', TODAY)).toEqual({ date: '2026-12-31', text: '每月25日前报送进展,年底前完成', recurring: 'monthly' });
  });

  it.each(['尽快', '', '   ', '13月底', '2026年2月30日', '三年内', '2个月内', '0050年6月30日', '1000年底前', '3000-01-01', '二二〇一年底'])('%o → null', (text) => {
    expect(parseDeadline(text, TODAY)).toBeNull();
  });
});

describe('parseDivisionTable', () => {
  it('reads a table whose header is on row 2, with short tasks, long measures and separate lead and co columns', () => {
    const rows = [
      ['2026年重点工作任务分工表', '', '', '', '', ''],
      ['序号', '重点任务', '具体措施', '牵头单位', '配合单位', '完成时限（2026年）'],
      ['1', '优化营商环境', '推行“一件事一次办”,年内实现高频事项全覆盖', '市审批局', '市数据局、市市场监管局', '年底前'],
      ['', '', '', '', '', ''],
      ['2', '推进老旧小区改造', '完成50个小区改造', '市住建局（牵头）', '市财政局，东城区财政局\n市财政局', '2026年6月30日'],
    ];
    const result = parseDivisionTable(rows, units, TODAY);
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([
      { row: 3, seq: '1', title: '优化营商环境', content: '推行“一件事一次办”,年内实现高频事项全覆盖', leadUnits: [U.sp], coUnits: [U.sj, U.scjg], deadline: '2026-12-31', deadlineText: '年底前', longTerm: false },
      { row: 5, seq: '2', title: '推进老旧小区改造', content: '完成50个小区改造', leadUnits: [U.zj], coUnits: [U.cz, U.dcCz], deadline: '2026-06-30', deadlineText: '2026年6月30日', longTerm: false },
    ]);
  });

  it('reports each bad row by row number and column header, and leaves it out', () => {
    const rows = [
      ['序号', '重点任务', '牵头单位', '配合单位', '完成时限'],
      ['1', '', '市财政局', '', '6月底前'],
      ['2', '加强基层医疗', '市XX局', '', '三季度末'],
      ['3', '盘活存量资产', '财政局', '', '长期坚持'],
      ['4', '统筹推进', '市发改委', '各县（市、区）、各有关单位', ''],
      ['5', '建设数字政府', '市数据局', '', '尽快'],
      ['6', '清理拖欠账款', '', '市财政局', '年底前'],
      ['7', '整治违建', '市城管局', '', '年底前'],
    ];
    const result = parseDivisionTable(rows, units, TODAY);
    expect(result.errors).toEqual([
      { row: 2, column: '重点任务', message: '任务内容为空' },
      { row: 3, column: '牵头单位', message: '找不到单位“市XX局”' },
      { row: 4, column: '牵头单位', message: '“财政局”匹配到多个单位：市财政局、东城区财政局、西城区财政局' },
      { row: 5, column: '配合单位', message: '“各县（市、区）”请拆分为具体单位' },
      { row: 5, column: '配合单位', message: '“各有关单位”请拆分为具体单位' },
      { row: 5, column: '完成时限', message: DEADLINE_REQUIRED_MESSAGE },
      { row: 6, column: '完成时限', message: '无法识别完成时限“尽快”，请写成“2026年6月30日”“6月底前”或“长期坚持”等' },
      { row: 7, column: '牵头单位', message: '未填写牵头单位' },
    ]);
    expect(result.rows.map((r) => r.row)).toEqual([8]);
    expect(result.rows[0]).toMatchObject({ title: '整治违建', leadUnits: [U.cg], coUnits: [] });
  });

  it('with only a 责任单位 column, leads with the unit marked 牵头 or else the first one', () => {
    const rows = [
      ['序号', '工作任务', '责任单位', '完成时间'],
      ['1', '任务甲', '市发改委、市财政局、市工信局', '2026.9.30'],
      ['2', '任务乙', '市财政局、市发改委（牵头）', '2026-10-31'],
      ['3', '任务丙', '市人社局\n市卫健委 市教育局', '每季度'],
    ];
    const result = parseDivisionTable(rows, units, TODAY, 5);
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([
      { row: 6, seq: '1', title: '任务甲', content: '', leadUnits: [U.fgw], coUnits: [U.cz, U.gx], deadline: '2026-09-30', deadlineText: '2026.9.30', longTerm: false },
      { row: 7, seq: '2', title: '任务乙', content: '', leadUnits: [U.fgw], coUnits: [U.cz], deadline: '2026-10-31', deadlineText: '2026-10-31', longTerm: false },
      { row: 8, seq: '3', title: '任务丙', content: '', leadUnits: [U.rs], coUnits: [U.wj, U.jy], deadline: null, deadlineText: '每季度', longTerm: true },
    ]);
  });

  it('treats 责任单位 as co-units when a 牵头单位 column exists, and reads the leaders column as names', () => {
    const rows = [
      ['序号', '任务', '责任领导', '牵头单位', '责任单位', '完成时限'],
      ['1', '任务甲', '张三、李四', '市发改委', '市财政局、市发改委', '长期坚持'],
    ];
    expect(parseDivisionTable(rows, units, TODAY)).toEqual({
      rows: [{ row: 2, seq: '1', title: '任务甲', content: '', leadUnits: [U.fgw], coUnits: [U.cz], deadline: null, deadlineText: '长期坚持', longTerm: true, leaders: ['张三', '李四'] }],
      errors: [],
    });
  });

  it('reads a 台账 export back: title rows above the header, 任务编号 kept, progress columns ignored', () => {
    const rows = [
      ['督查任务台账', '督查任务台账', '督查任务台账'],
      ['截至 2026年3月2日', '', ''],
      ['序号', '任务', '工作内容', '牵头单位', '配合单位', '责任领导', '完成时限', '进度', '最新进展', '灯', '状态', '任务编号'],
      ['1', '任务甲', '内容', '市发改委', '市财政局', '', '2026-06-30', '40%', '已完成方案', '绿灯', '推进中', 'a1b2'],
    ];
    expect(parseDivisionTable(rows, units, TODAY)).toEqual({
      rows: [{ row: 4, seq: '1', title: '任务甲', content: '内容', leadUnits: [U.fgw], coUnits: [U.cz], deadline: '2026-06-30', deadlineText: '2026-06-30', number: 'a1b2', longTerm: false, leaders: [] }],
      errors: [],
    });
  });

  it('skips section headings, whether merged across the row or written in the task column', () => {
    const rows = [
      ['序号', '重点任务', '牵头单位', '完成时限'],
      ['一、深化改革', '一、深化改革', '一、深化改革', '一、深化改革'],
      ['', '（二）优化环境', '', ''],
      ['1', '任务甲', '市财政局', '6月底前'],
    ];
    const result = parseDivisionTable(rows, units, TODAY);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.row, r.title])).toEqual([[4, '任务甲']]);
  });

  it('makes a title of the first sentence when there is only one long task column', () => {
    const rows = [
      ['工作内容', '牵头单位', '完成时限'],
      ['推进数字政府建设。整合政务数据资源,年底前建成统一平台。', '市数据局', '年底前'],
      ['加强安全生产', '市数据局', '长期'],
    ];
    const result = parseDivisionTable(rows, units, TODAY);
    expect(result.rows.map((r) => [r.title, r.content])).toEqual([
      ['推进数字政府建设', '推进数字政府建设。整合政务数据资源,年底前建成统一平台。'],
      ['加强安全生产', ''],
    ]);
  });

  it('asks for a 完成时限 on every row, and reads 长期坚持 / 长期 as a long-term task without a date', () => {
    const rows = [
      ['序号', '任务', '牵头单位', '完成时限'],
      ['1', '任务甲', '市财政局', ''],
      ['2', '任务乙', '市财政局', '长期坚持'],
      ['3', '任务丙', '市财政局', '长期'],
      ['4', '任务丁', '市财政局', '6月底前'],
    ];
    const result = parseDivisionTable(rows, units, TODAY);
    expect(result.errors).toEqual([{ row: 2, column: '完成时限', message: DEADLINE_REQUIRED_MESSAGE }]);
    expect(result.rows.map((r) => [r.row, r.deadline, r.longTerm])).toEqual([[3, null, true], [4, null, true], [5, '2026-06-30', false]]);
    // A table without a 完成时限 column at all names the column it lacks.
    expect(parseDivisionTable([['任务', '牵头单位'], ['任务甲', '市财政局']], units, TODAY).errors).toEqual([{ row: 2, column: '完成时限', message: DEADLINE_REQUIRED_MESSAGE }]);
  });

  it('says so when no header or no unit column can be found', () => {
    expect(parseDivisionTable([['甲', '乙'], ['1', '2']], units, TODAY, 3)).toEqual({
      rows: [],
      errors: [{ row: 3, column: '', message: '前 10 行中找不到表头：应有“任务”“工作内容”或“具体任务”等列' }],
    });
    expect(parseDivisionTable([['标题'], ['序号', '任务', '完成时限']], units, TODAY)).toEqual({
      rows: [],
      errors: [{ row: 2, column: '牵头单位', message: '缺少“牵头单位”或“责任单位”列' }],
    });
  });
});
