import { parseDocument } from '@luoshi/doc-parser';
import { describe, expect, it } from 'vitest';
import type { UnitRef } from '../supervision/rules/division-table.ts';
import { buildDraft, deadlineFromPhrase, draftTitle, guessKind, redateDraft, suggestUnits } from './draft.ts';

const UNITS: UnitRef[] = [
  { id: 'fgw', name: '市发展和改革委员会', shortName: '市发改委' },
  { id: 'czj', name: '市财政局', shortName: null },
  { id: 'zjj', name: '市住房和城乡建设局', shortName: '市住建局' },
  { id: 'dc', name: '东城区', shortName: null },
  { id: 'dc-czj', name: '东城区财政局', shortName: null },
  { id: 'xc-czj', name: '西城区财政局', shortName: null },
];

describe('deadline phrases counted from the document date', () => {
  it('reads year-end, month-end and explicit dates in the document year', () => {
    expect(deadlineFromPhrase('年底前', '2024-03-18')).toBe('2024-12-31');
    expect(deadlineFromPhrase('6月底前', '2024-03-18')).toBe('2024-06-30');
    expect(deadlineFromPhrase('2025年9月底', '2024-03-18')).toBe('2025-09-30');
    expect(deadlineFromPhrase('三季度末', '2023-01-05')).toBe('2023-09-30');
    expect(deadlineFromPhrase('明年上半年', '2023-11-01')).toBe('2024-06-30');
  });

  it('gives no date for open-ended or recurring phrases, or none at all', () => {
    expect(deadlineFromPhrase('长期坚持', '2024-03-18')).toBeNull();
    expect(deadlineFromPhrase('每季度', '2024-03-18')).toBeNull();
    expect(deadlineFromPhrase(null, '2024-03-18')).toBeNull();
  });
});

describe('draft titles', () => {
  it('drops the opening 要 and keeps the first clause that says something', () => {
    expect(draftTitle('要加快推进重点项目建设,确保年底前完成投资100亿元以上。')).toBe('加快推进重点项目建设');
    expect(draftTitle('一是要抓好项目开工。')).toBe('抓好项目开工');
  });

  it('joins a too-short first clause with the next, and cuts long ones at 40 characters', () => {
    expect(draftTitle('同时,要抓好招商,引进一批大项目。')).toBe('抓好招商,引进一批大项目');
    const long = draftTitle(`推进${'重点项目'.repeat(20)}建设。`);
    expect([...long]).toHaveLength(40);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('titles from the action clause', () => {
  it('skips framing clauses before the action (以…为契机, 围绕…, 按照…, 坚持…, 在…基础上)', () => {
    expect(draftTitle('以举办省运会为契机，全面提升城市精细化管理水平，年底前完成道路整治。')).toBe('全面提升城市精细化管理水平');
    expect(draftTitle('围绕“产业强县”目标，要加快培育新能源装备产业集群。')).toBe('加快培育新能源装备产业集群');
    expect(draftTitle('按照属地管理原则，对照任务清单，逐项落实防汛责任。')).toBe('逐项落实防汛责任');
    expect(draftTitle('坚持项目为王，大力推进重大项目谋划储备。')).toBe('大力推进重大项目谋划储备');
    expect(draftTitle('在完成管网普查的基础上，加快老旧燃气管道更新改造。')).toBe('加快老旧燃气管道更新改造');
    expect(draftTitle('以數字化改革為抓手，推動政務服務“一網通辦”。')).toBe('推動政務服務“一網通辦”');
  });

  it('drops who asked, and keeps the unit the sentence is addressed to', () => {
    expect(draftTitle('会议要求，要按照既定方案，抓紧完成校舍加固工程。')).toBe('抓紧完成校舍加固工程');
    expect(draftTitle('县水利局要全面排查小型水库安全隐患。')).toBe('县水利局要全面排查小型水库安全隐患');
    expect(draftTitle('以举办省运会为契机，市体育局要加快场馆改造。')).toBe('市体育局要加快场馆改造');
  });

  it('keeps a framing clause when nothing follows it', () => {
    expect(draftTitle('围绕乡村振兴开展结对帮扶。')).toBe('围绕乡村振兴开展结对帮扶');
  });
});

describe('building the draft', () => {
  const text = [
    '关于加快推进重点项目建设的工作方案',
    '一、主要任务',
    '(一)抓好项目开工。要加快推进重点项目建设,确保年底前完成投资100亿元以上。牵头单位:市发改委;责任单位:市财政局、东城区。',
    '(二)优化营商环境。要持续优化审批服务,长期坚持。责任单位:市住建局。',
    '(三)强化要素保障。要加大资金支持力度。(牵头单位:市财政局,配合单位:市发改委、东城区)',
  ].join('\n');

  it('matches unit names to the organisation tree and dates to the document year', () => {
    const parsed = parseDocument(text);
    const draft = buildDraft(parsed, UNITS, '2024-03-18');
    expect(draft.length).toBe(parsed.tasks.length);
    const funds = draft.find((d) => d.clause === '要加大资金支持力度。');
    expect(funds).toMatchObject({ leadUnitNames: ['市财政局'], leadUnitIds: ['czj'], coUnitNames: ['市发改委', '东城区'], coUnitIds: ['fgw', 'dc'], title: '加大资金支持力度' });
    expect(draft.find((d) => d.deadlineText === '长期坚持')).toMatchObject({ leadUnitIds: ['zjj'], deadline: null });
    for (const item of draft) {
      expect(item.include).toBe(true);
      expect(item.clause).toBe(item.content);
      expect(text.includes(item.clause)).toBe(true);
      expect(item.length).toBe(item.clause.length);
    }
    const yearEnd = draft.find((d) => d.deadlineText === '年底前');
    expect(yearEnd?.deadline).toBe('2024-12-31');
    expect(new Set(draft.map((d) => d.key)).size).toBe(draft.length);
  });

  it('leaves names the tree does not hold, or holds twice, for the reviewer', () => {
    const draft = buildDraft({ tasks: [{ text: '要抓好财政收支。', headingPath: [], leadUnits: ['财政局', '市统计局', '市发改委'], coUnits: ['市发展和改革委员会'], deadline: null, offset: 0 }] }, UNITS, '2024-01-01');
    // 财政局 alone is the city's and both districts'; 市统计局 is not in the tree.
    expect(draft[0]!.leadUnitIds).toEqual(['fgw']);
    expect(draft[0]!.leadUnitNames).toEqual(['财政局', '市统计局', '市发改委']);
    // A co-unit that is already the lead is not named twice.
    expect(draft[0]!.coUnitIds).toEqual([]);
  });
});

describe('unit suggestions for a clause', () => {
  it('lists units named by full or short name in order of appearance, across scripts', () => {
    const found = suggestUnits('由市住建局牵頭,市發展和改革委員會、東城區財政局配合,東城區負責落實', UNITS);
    // 东城区 inside 东城区财政局 is that bureau's name, not a mention of the district; the later 东城区 is.
    expect(found.map((f) => f.unit.id)).toEqual(['zjj', 'fgw', 'dc-czj', 'dc']);
    expect(found.map((f) => f.matched)).toEqual(['市住建局', '市发展和改革委员会', '东城区财政局', '东城区']);
  });

  it('does not suggest a unit whose name only appears inside a longer unit name', () => {
    expect(suggestUnits('东城区财政局牵头', UNITS).map((f) => f.unit.id)).toEqual(['dc-czj']);
  });

  it('suggests nothing when no unit is named', () => {
    expect(suggestUnits('要持续优化营商环境。', UNITS)).toEqual([]);
  });
});

describe('document kinds from titles', () => {
  it('tells speeches, minutes and plans apart', () => {
    expect(guessKind('在全市加快重点项目建设推动经济高质量发展会议上的讲话')).toBe('speech');
    expect(guessKind('市政府第12次常务会议纪要')).toBe('minutes');
    expect(guessKind('关于加快推进重点项目建设的工作方案')).toBe('plan');
    expect(guessKind('召开传达学习贯彻全国两会精神会议')).toBe('other');
  });
});

describe('sentences set aside and the document date', () => {
  const text = ['全县秋冬季防火工作会议讲话', '下面，围绕做好秋冬季防火工作，我讲三点意见。', '县应急局要在11月底前完成林区隐患排查。', '这就需要我们进一步增强责任感。', '要加快建设森林消防蓄水池。'].join('\n');

  it('keeps set-aside sentences in document order, left out, with their reason', () => {
    const draft = buildDraft(parseDocument(text), UNITS, '2024-03-18');
    expect(draft.map((d) => [d.clause, d.include, d.nonTask ?? null])).toEqual([
      ['下面，围绕做好秋冬季防火工作，我讲三点意见。', false, 'framing'],
      ['县应急局要在11月底前完成林区隐患排查。', true, null],
      ['这就需要我们进一步增强责任感。', false, 'rhetoric'],
      ['要加快建设森林消防蓄水池。', true, null],
    ]);
    expect(new Set(draft.map((d) => d.key)).size).toBe(4);
  });

  it('recounts deadline phrases from a new document date and keeps dates set by hand', () => {
    const draft = buildDraft(parseDocument(text), UNITS, '2024-03-18');
    const changed = { ...draft[1]!, key: 'x', deadline: '2024-10-15' };
    const handSet = { ...draft[3]!, deadline: '2024-05-01' };
    const redated = redateDraft([draft[1]!, changed, handSet], '2024-03-18', '2025-02-01');
    expect(draft[1]!.deadline).toBe('2024-11-30');
    expect(redated.map((i) => i.deadline)).toEqual(['2025-11-30', '2024-10-15', '2024-05-01']);
  });
});
