import { describe, expect, it } from 'vitest';
import { cleanDocument, detectScript, normalizeForMatch, parseChineseNumber, parseDocument } from '../src/index.ts';
import { expectOffsetsValid } from './helpers.ts';

const parse = (s: string) => {
  const doc = parseDocument(s);
  expectOffsetsValid(doc, cleanDocument(s).text);
  return doc;
};

describe('cleaning web noise', () => {
  const page = [
    '您现在的位置：网站首页 >> 政务公开 >> 领导讲话',
    '首页 | 新闻中心 | 政务公开 | 办事服务 | 互动交流 | 联系我们',
    '在全县项目推进会上的讲话',
    '发布日期：2023年12月5日　　信息来源：县政府办公室　　浏览次数：358',
    '【大 中 小】　打印本页　关闭窗口',
    '分享到：',
    '---此处隐藏1200字，下载后查看---',
    '在全县项目推进会上的讲话',
    '同志们：今年要加快推进重点项目建设。',
    '一、抓好项目落地。各乡镇要年底前完成征地。',
    '- 2 -',
    '上一篇：关于某事的通知',
    '相关文章：',
    '某某县召开会议',
    '网友评论',
    '游客 2023-12-06 10:20 发表',
    '支持！',
    '回复 张三：同意',
    '版权所有 © 某某县人民政府  苏ICP备000000号',
  ].join('\n');
  const cleaned = cleanDocument(page);

  it('removes breadcrumb, menu, widgets, banner, page numbers, related links, comments and footer', () => {
    expect(cleaned.text.split('\n').filter((l) => l.length > 0)).toEqual([
      '在全县项目推进会上的讲话',
      '同志们：今年要加快推进重点项目建设。',
      '一、抓好项目落地。各乡镇要年底前完成征地。',
    ]);
    const reasons = new Set(cleaned.removed.map((r) => r.reason));
    for (const r of ['breadcrumb', 'navigation', 'metadata', 'widget', 'hidden-banner', 'repeated-title', 'page-number', 'related', 'comment', 'copyright']) {
      expect(reasons.has(r)).toBe(true);
    }
    for (const r of cleaned.removed) expect(page.slice(r.start, r.end).length).toBe(r.end - r.start);
  });

  it('keeps date and source as metadata', () => {
    expect(cleaned.meta).toEqual({ title: '在全县项目推进会上的讲话', date: '2023-12-05', source: '县政府办公室' });
  });

  it('reads the date forms 2024-01-05, 2024/1/5, 二〇二四年一月五日', () => {
    expect(cleanDocument('标题\n时间: 2024/1/5\n正文要推进。').meta.date).toBe('2024-01-05');
    expect(cleanDocument('标题\n发布时间：2024-01-05 09:30\n正文').meta.date).toBe('2024-01-05');
    expect(cleanDocument('在全市大会上的讲话\n（二〇二四年一月五日）\n同志们：').meta.date).toBe('2024-01-05');
  });

  it('drops forum chrome and view counters', () => {
    const c = cleanDocument('讲话标题\n楼主 发表于 2024-1-5 10:00\n要抓好落实。\n2楼\n浏览次数：120\n阅读 3456');
    expect(c.text).toBe('讲话标题\n要抓好落实。');
  });

  it('removes pinyin readings but keeps the characters', () => {
    const c = cleanDocument('标题\n提高发展质(zhì)量，推进（tuī）工作，狠抓落实(luo4)。GDP(GDP)不变。');
    expect(c.text).toBe('标题\n提高发展质量，推进工作，狠抓落实。GDP(GDP)不变。');
    expect(c.removed.filter((r) => r.reason === 'pinyin')).toHaveLength(3);
  });

  it('flags ? standing for lost characters but not real questions', () => {
    const text = '标题\n要加快推进重点?目建设，确保全年??务完成。怎么办?我们要干。这是为什么？因为要抓落实。重点项？建设';
    const c = cleanDocument(text);
    const marks = c.flags.lostCharacters.map((o) => c.text[o]);
    expect(marks).toEqual(['?', '?', '?', '？']);
    expect(c.text.slice(c.flags.lostCharacters[0], (c.flags.lostCharacters[0] ?? 0) + 1)).toBe('?');
    // A lost character does not end the sentence.
    const doc = parse(text);
    expect(doc.tasks.some((t) => t.text.includes('重点?目建设，确保全年??务完成。'))).toBe(true);
  });

  it('never normalises the output text', () => {
    const c = cleanDocument('标题\n力争增长６．５％，推進ＡＢＣ。');
    expect(c.text).toContain('６．５％');
    expect(normalizeForMatch('推進ＡＢＣ１２３：（一）')).toBe('推进abc123:(一)');
  });
});

describe('Traditional text', () => {
  const text = '各單位要加快推進重點項目建設，年底前全部開工。\n牽頭單位：市發改委；配合單位：市財政局、市自然資源局\n去年全市完成投資三百億元。';
  const doc = parse(text);

  it('is detected and matched through Simplified keywords, output stays Traditional', () => {
    expect(detectScript(text)).toBe('traditional');
    expect(doc.script).toBe('traditional');
    const task = doc.tasks[0];
    expect(task?.text).toBe('各單位要加快推進重點項目建設，年底前全部開工。');
    expect(task?.deadline).toBe('年底前');
    expect(task?.leadUnits).toEqual(['市發改委']);
    expect(task?.coUnits).toEqual(['市財政局', '市自然資源局']);
    // Units are reported in the Simplified vocabulary so that consumers can compare them.
    expect(doc.statistics[0]).toMatchObject({ value: 300, unit: '亿元', entity: '全市' });
  });

  it('reports mixed script when both appear in proportion', () => {
    expect(detectScript('要加快推进重点项目建设，确保年底前完成。各單位要加快推進重點項目建設，確保年底前完成。')).toBe('mixed');
    expect(detectScript('要加快推进重点项目建设。')).toBe('simplified');
  });
});

describe('task-division plans', () => {
  it('reads a table copied as text with tabs', () => {
    const text = [
      '2024年重点任务分工',
      '一、产业发展',
      '序号\t工作任务\t牵头单位\t责任单位\t完成时限',
      '1\t建成5G基站2000个\t市工信局\t市通信管理办、各区政府\t2024年12月底前',
      '2\t推进老旧小区改造\t市住建局\t各区政府\t长期坚持',
    ].join('\n');
    const doc = parse(text);
    expect(doc.tasks).toHaveLength(2);
    expect(doc.tasks[0]).toMatchObject({ text: '建成5G基站2000个', leadUnits: ['市工信局'], coUnits: ['市通信管理办', '各区政府'], deadline: '2024年12月底前', headingPath: ['产业发展'] });
    expect(doc.tasks[1]).toMatchObject({ text: '推进老旧小区改造', leadUnits: ['市住建局'], deadline: '长期坚持' });
  });

  it('reads a table whose columns are separated by runs of spaces', () => {
    const doc = parse('序号  主要任务  牵头单位  完成时间\n1  完善综合考核办法  市考核办  6月底前');
    expect(doc.tasks[0]).toMatchObject({ text: '完善综合考核办法', leadUnits: ['市考核办'], deadline: '6月底前' });
  });

  it('reads unit notes in brackets, labels and 由…牵头', () => {
    const doc = parse([
      '（一）加快产业升级',
      '1.实施智改数转行动，年底前完成500家企业改造。（市工信局牵头，市财政局、市发改委配合）',
      '2.推进城市更新。',
      '牵头单位：市住建局',
      '配合单位：市自然资源局',
      '完成时限：2024年6月30日前',
      '3.深化“放管服”改革，由市政务办牵头，三季度末前上线平台。',
      '4.优化营商环境。【牵头单位：市发改委；配合单位：市市场监管局；完成时限：长期坚持】',
    ].join('\n'));
    const byStart = (s: string) => doc.tasks.find((t) => t.text.startsWith(s));
    expect(byStart('实施智改数转')).toMatchObject({ leadUnits: ['市工信局'], coUnits: ['市财政局', '市发改委'], deadline: '年底前', headingPath: ['加快产业升级'] });
    expect(byStart('推进城市更新')).toMatchObject({ leadUnits: ['市住建局'], coUnits: ['市自然资源局'], deadline: '2024年6月30日前' });
    expect(byStart('深化')).toMatchObject({ leadUnits: ['市政务办'], deadline: '三季度末前' });
    expect(byStart('优化营商环境')).toMatchObject({ leadUnits: ['市发改委'], coUnits: ['市市场监管局'], deadline: '长期坚持' });
  });

  it('takes the units a sentence is addressed to as its leads when nothing is labelled, but not collectives', () => {
    const doc = parse(
      [
        '一、抓好项目建设',
        '市教育局要确保3所新建学校秋季学期投入使用。',
        '东城区、西城区要在年底前完成首批项目开工。',
        '市发改委和市财政局负责统筹项目资金，要在年底前拨付到位。',
        '各区县要压实属地责任。',
        '领导干部要带头抓落实。',
        '全市上下要形成合力。',
        '市住建局要加快老旧小区改造（市自然资源局配合）。',
      ].join('\n'),
    );
    const byStart = (s: string) => doc.tasks.find((t) => t.text.startsWith(s));
    expect(byStart('市教育局')?.leadUnits).toEqual(['市教育局']);
    expect(byStart('东城区')?.leadUnits).toEqual(['东城区', '西城区']);
    expect(byStart('市发改委和')?.leadUnits).toEqual(['市发改委', '市财政局']);
    expect(byStart('各区县')?.leadUnits).toEqual([]);
    expect(byStart('领导干部')?.leadUnits).toEqual([]);
    expect(byStart('全市上下')?.leadUnits).toEqual([]);
    // A note names the co-unit only: the labelled spec stands as written.
    expect(byStart('市住建局')).toMatchObject({ leadUnits: [], coUnits: ['市自然资源局'] });
  });

  it('does not take past achievements or descriptions as tasks', () => {
    const doc = parse('过去一年，我们完成了各项任务。今年以来，全市已累计开工项目120个。新发展理念是引领发展的指挥棒。要抓好项目建设。');
    expect(doc.tasks.map((t) => t.text)).toEqual(['要抓好项目建设。']);
  });
});

describe('heading families and levels', () => {
  it('assigns levels in order of first appearance and returns to a known level', () => {
    const doc = parse(['一、总体要求', '（一）指导思想', '1.坚持问题导向。', '2．坚持目标导向。', '（二）工作目标', '二、重点任务', '（一）项目建设', '3、抓好项目。'].join('\n'));
    expect(doc.headings.map((h) => [h.level, h.marker])).toEqual([
      [1, '一、'], [2, '（一）'], [3, '1.'], [3, '2．'], [2, '（二）'], [1, '二、'], [2, '（一）'], [3, '3、'],
    ]);
    expect(doc.headings[2]?.text).toBe('坚持问题导向。');
  });

  it('starts at level 1 with whichever family comes first', () => {
    const doc = parse('第一，提高站位。要统一思想。\n第二，压实责任。一是明确分工；二是强化督查。\n第三条 本办法自印发之日起施行。');
    expect(doc.headings.map((h) => [h.level, h.marker, h.text])).toEqual([
      [1, '第一，', '提高站位。'],
      [1, '第二，', '压实责任。'],
      [2, '一是', '明确分工；'],
      [2, '二是', '强化督查。'],
      [2, '第三条', '本办法自印发之日起施行。'],
    ]);
  });

  it('knows 一是/二要/首先/其次/最后/①/(1)/（1） and bare numbers', () => {
    const doc = parse(['首先，统一思想。', '其次，明确责任。', '最后，狠抓落实。', '一要抓项目；二要抓招商。', '（1）细化方案', '(2)压实责任', '①明确分工', '1', '强化保障'].join('\n'));
    const markers = doc.headings.map((h) => h.marker);
    expect(markers).toEqual(['首先，', '其次，', '最后，', '一要', '二要', '（1）', '(2)', '①', '1']);
    expect(doc.headings.find((h) => h.marker === '1')?.text).toBe('强化保障');
  });

  it('does not read dates, list numbers or figures as headings', () => {
    const doc = parse('2023年，全市GDP增长5%。\n1.5万亿元的目标要实现。\n一、二季度要抓紧。\n统一是前提，唯一要求是落实。\n10月底前完成。');
    expect(doc.headings).toHaveLength(0);
  });

  it('nests eight levels deep', () => {
    const doc = parse([
      '第一章 总则', '第一节 目标', '一、总体要求', '（一）主要任务', '1.推进工作', '（1）细化方案', '①明确分工', '要压实责任。一是落实到人，要加强考核；二是要按月调度。',
    ].join('\n'));
    expect(doc.headings.map((h) => h.level)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 8]);
    const path7 = ['总则', '目标', '总体要求', '主要任务', '推进工作', '细化方案', '明确分工'];
    expect(doc.tasks.find((t) => t.text.startsWith('要压实责任'))?.headingPath).toEqual(path7);
    expect(doc.tasks.find((t) => t.text.startsWith('落实到人'))?.headingPath).toEqual(path7);
    // A lead-in sentence with nothing under it is itself the task.
    expect(doc.tasks.find((t) => t.text.startsWith('要按月调度'))?.headingPath).toEqual(path7);
  });
});

describe('figures', () => {
  const doc = parse([
    '2024年，力争全市地区生产总值增长6%左右，规上工业增加值突破3000亿元，城镇调查失业率控制在5.5%以内，新增就业不少于1.2万人。',
    '到2025年，经济总量达到1.5万亿元，研发投入占比提高到百分之三，八成以上企业完成数字化改造，三分之二以上项目开工，2/3的园区通过验收，一半以上乡镇达标，人均收入翻一番，新增市场主体一千五百家，引进人才三万五千人，培育企业两百家。',
    '去年，无锡市实现地区生产总值1.5万亿元，同比增长6.2%；新吴区完成固定资产投资八百亿元。',
    '今年以来，全区新增就业1.2万人。',
    '全年新开工项目不少于50个。一季度全市完成固定资产投资120亿元。',
  ].join('\n'));
  const target = (value: number, unit: string | null) => doc.targets.find((t) => t.value === value && t.unit === unit);

  it('reads targets with comparators and units', () => {
    expect(target(6, '%')).toMatchObject({ comparator: '=', subject: '地区生产总值增长' });
    expect(target(3000, '亿元')).toMatchObject({ comparator: '>=', subject: '规上工业增加值' });
    expect(target(5.5, '%')).toMatchObject({ comparator: '<=' });
    expect(target(1.2, '万人')).toMatchObject({ comparator: '>=' });
    expect(target(1.5, '万亿元')).toMatchObject({ comparator: '=', subject: '经济总量' });
    expect(target(3, '%')).toBeDefined();
    expect(target(8, '成')).toMatchObject({ comparator: '>=' });
    expect(target(0.6667, null)).toMatchObject({ comparator: '>=' });
    expect(doc.targets.filter((t) => t.value === 0.6667)).toHaveLength(2);
    expect(target(0.5, null)).toMatchObject({ comparator: '>=' });
    expect(target(2, '倍')).toBeDefined();
    expect(target(1500, '家')).toBeDefined();
    expect(target(35000, '人')).toBeDefined();
    expect(target(200, '家')).toBeDefined();
    // No tense marker: a bound states a requirement, an exact figure a record.
    expect(target(50, '个')).toMatchObject({ comparator: '>=' });
    expect(doc.statistics.find((s) => s.value === 120)).toMatchObject({ unit: '亿元' });
  });

  it('reads statistics with the entity they describe', () => {
    expect(doc.statistics.find((s) => s.unit === '万亿元')).toMatchObject({ value: 1.5, entity: '无锡市', subject: '地区生产总值' });
    expect(doc.statistics.find((s) => s.value === 6.2)).toMatchObject({ unit: '%', entity: '无锡市' });
    expect(doc.statistics.find((s) => s.value === 800)).toMatchObject({ unit: '亿元', entity: '新吴区' });
    expect(doc.statistics.find((s) => s.value === 1.2)).toMatchObject({ unit: '万人', entity: '全区' });
    expect(doc.targets.some((t) => t.value === 6.2)).toBe(false);
  });

  it('converts Chinese numerals', () => {
    expect(parseChineseNumber('一千五百')).toBe(1500);
    expect(parseChineseNumber('三万五千')).toBe(35000);
    expect(parseChineseNumber('两百')).toBe(200);
    expect(parseChineseNumber('十二')).toBe(12);
    expect(parseChineseNumber('一百零五')).toBe(105);
    expect(parseChineseNumber('一亿五千万')).toBe(150000000);
    expect(parseChineseNumber('二〇二四')).toBe(2024);
    expect(parseChineseNumber('推进')).toBeNull();
  });
});

describe('formulations, cadences and names', () => {
  const doc = parse([
    '要建立一月一通报、两月一会办、一季一点评、半年一观摩、年度一述职工作机制，坚持每周一调度、每月一调度、一年一考核。',
    '深刻领悟“两个确立”的决定性意义，打好三大攻坚战，落实“6+2+X”产业布局，推进1+3+10+N文体设施建设，做好“一老一小”服务，争当“四个走在前”排头兵。',
    '市委书记王建国同志强调，要加快推进。市长李明出席会议。区长张伟在会上指出，要抓好落实。',
    '江苏省无锡市滨湖区蠡园街道、经济开发区管委会、市发改委、市财政局、无锡农村商业银行、江南大学有关负责人参加。我市各部门要统一思想。',
  ].join('\n'));

  it('finds cadences with period and action', () => {
    const byText = new Map(doc.cadences.map((c) => [c.text, c]));
    expect(byText.get('一月一通报')).toEqual({ text: '一月一通报', period: 'month', action: '通报' });
    expect(byText.get('两月一会办')).toMatchObject({ period: 'two-months', action: '会办' });
    expect(byText.get('一季一点评')).toMatchObject({ period: 'quarter', action: '点评' });
    expect(byText.get('半年一观摩')).toMatchObject({ period: 'half-year', action: '观摩' });
    expect(byText.get('年度一述职')).toMatchObject({ period: 'year', action: '述职' });
    expect(byText.get('每周一调度')).toMatchObject({ period: 'week', action: '调度' });
    expect(byText.get('每月一调度')).toMatchObject({ period: 'month', action: '调度' });
    expect(byText.get('一年一考核')).toMatchObject({ period: 'year', action: '考核' });
  });

  it('finds quoted and numbered formulations, de-duplicated in order', () => {
    expect(doc.formulations).toEqual(['两个确立', '三大攻坚战', '6+2+X', '1+3+10+N', '一老一小', '四个走在前']);
  });

  it('finds people, places and organisations without fragments', () => {
    expect(doc.people).toEqual(['王建国', '李明', '张伟']);
    // Adjacent divisions are one place, in its fullest form.
    expect(doc.places).toEqual(['江苏省无锡市滨湖区蠡园街道']);
    expect(doc.places).not.toContain('我市');
    expect(doc.organizations).toEqual(expect.arrayContaining(['市发改委', '市财政局', '无锡农村商业银行', '江南大学']));
    expect(doc.organizations).not.toContain('市委');
  });
});

describe('rhythms written inside sentences, and names from the gazetteer', () => {
  const doc = parse([
    '建立“周调度、月通报、季推进、年考评”工作机制，实行“月度盘点+季度研判”动态监管。',
    '县指挥办每周召开一次例会，各镇于每周二前将进展报县指挥办，坚持每月下旬集中签约。上周调度了三个项目，2023年考核已结束。',
    '市领导张旋宇、郭建民、陈秀兴出席。市委书记朱平波坚决扛牢责任。海涛同志对经济工作进行了部署。责任领导明确、时限明确。',
    '深入贯彻对甘肃重要讲话精神，在鲁西大地掀起热潮，确保定期调度。省委、省政府和市委、市政府作出部署，各县、市、区政府抓好落实。',
    '临沂市住房和城乡建设局办公室印发方案，县发展和改革局牵头，政策法规科、建筑市场监管科、安质中心等科室参加。',
    '陕西省铜川市印台区今年新签约项目，加快推进新材料产业园建设。',
  ].join('\n'));

  it('finds period-and-action rhythms, standing deadlines and 每-rhythms, but not dates', () => {
    const texts = doc.cadences.map((c) => c.text);
    for (const t of ['周调度', '月通报', '季推进', '年考评', '月度盘点', '季度研判', '每周召开一次例会', '每周二前', '每月下旬集中签约']) expect(texts).toContain(t);
    expect(texts).not.toContain('周调度了');
    expect(texts.some((t) => t.startsWith('年考核') || t === '上周调度')).toBe(false);
    expect(doc.cadences.find((c) => c.text === '季推进')).toMatchObject({ period: 'quarter', action: '推进' });
    expect(doc.cadences.find((c) => c.text === '每月下旬集中签约')).toMatchObject({ period: 'month', action: '签约' });
  });

  it('names listed leaders and a name before 同志, but not words after 领导', () => {
    for (const p of ['张旋宇', '郭建民', '陈秀兴', '朱平波', '海涛']) expect(doc.people).toContain(p);
    expect(doc.people).not.toContain('明确');
  });

  it('finds provinces named without 省, 鲁西-style areas and full divisions, never 保定 in 确保定期', () => {
    expect(doc.places).toEqual(expect.arrayContaining(['甘肃', '鲁西', '陕西省铜川市印台区', '新材料产业园']));
    expect(doc.places).not.toContain('保定');
    expect(doc.places.some((p) => p.includes('推进'))).toBe(false);
    // 临沂市 appears only inside a body's name.
    expect(doc.places).not.toContain('临沂市');
  });

  it('finds deictic bodies, names with 和, listed sections, but not bodies in job titles or 各县、市、区政府', () => {
    for (const o of ['省委', '省政府', '市委', '市政府', '临沂市住房和城乡建设局办公室', '县发展和改革局', '政策法规科', '建筑市场监管科', '安质中心']) expect(doc.organizations).toContain(o);
    expect(doc.organizations).not.toContain('区政府');
    expect(doc.organizations.filter((o) => o === '市委')).toHaveLength(1);
  });
});

describe('figures read by the kind of document and its sections', () => {
  it('reads a task-division plan forward throughout, unless a clause says otherwise', () => {
    const doc = parseDocument(
      [
        '某县人民政府关于2025年政府工作报告重要工作事项责任分工的通知',
        '地区生产总值增长6%，固定资产投资增长7%，社会消费品零售总额增长8%以上；去年完成投资120亿元。',
        '本方案确定了10个方面190项重点工作，分解任务15项。',
        '我县现有8所高校。',
      ].join('\n'),
    );
    const t = (v: number) => doc.targets.find((x) => x.value === v);
    expect(t(6)).toMatchObject({ unit: '%', comparator: '=' });
    expect(t(7)).toBeDefined();
    expect(t(8)).toMatchObject({ comparator: '>=' });
    expect(doc.statistics.find((x) => x.value === 120)).toMatchObject({ unit: '亿元' });
    // The plan's own parts are not figures; a present state is a statistic.
    for (const v of [10, 190, 15]) {
      expect(doc.targets.find((x) => x.value === v)).toBeUndefined();
      expect(doc.statistics.find((x) => x.value === v)).toBeUndefined();
    }
    expect(doc.statistics.find((x) => x.value === 8)).toMatchObject({ unit: '所' });
  });

  it('reads a review section backward and a goal section forward in a speech', () => {
    const doc = parseDocument(
      [
        '在全县经济工作会议上的讲话',
        '同志们，今年力争引进项目50个。',
        '一、过去一年工作回顾',
        '全县地区生产总值增长5.5%，新开工项目85个。',
        '二、今年的目标任务',
        '地区生产总值增长6%，新开工项目100个。',
      ].join('\n'),
    );
    expect(doc.statistics.map((s) => s.value)).toEqual(expect.arrayContaining([5.5, 85]));
    expect(doc.targets.map((s) => s.value)).toEqual(expect.arrayContaining([6, 100]));
    expect(doc.targets.map((s) => s.value)).not.toContain(85);
  });

  it('takes no figure from names, slogans, size classes or formula constants, and shares a trailing unit', () => {
    const doc = parseDocument(
      [
        '深入实施“百千万工程”，落实《十五件民生实事》，全市千万元以上项目203项，其中超3亿元的10个。',
        '投资率=投资额÷人口×100%。比去年提高17.4个和5.2个百分点，比去年多了100个亿。',
      ].join('\n'),
    );
    const all = [...doc.targets, ...doc.statistics];
    expect(all.find((x) => x.value === 1100)).toBeUndefined();
    expect(all.find((x) => x.value === 15)).toBeUndefined();
    expect(all.find((x) => x.value === 1000 && x.unit === '万元')).toBeUndefined();
    expect(all.find((x) => x.value === 3 && x.unit === '亿元')).toBeUndefined();
    expect(all.find((x) => x.value === 100 && x.unit === '%')).toBeUndefined();
    expect(all.find((x) => x.value === 203)).toMatchObject({ unit: '项' });
    expect(all.find((x) => x.value === 17.4)).toMatchObject({ unit: '个百分点' });
    expect(all.find((x) => x.value === 100)).toMatchObject({ unit: '个亿' });
  });
});

describe('numbered headings inside a line that lost its breaks', () => {
  it('opens headings after a sentence end, a 【label】 or a space standing for a line break, continuing the count', () => {
    const doc = parseDocument(
      [
        '【提纲】一、提高政治站位。二、坚持问题导向。（一）建立清单机制，确保落地。（二）聚焦关键领域。三、强化保障落实。',
        '今天讲两点。 一、精心组织，取得明显成效 各部门按照部署推进。 1、抓发动，格局进一步形成。一是组织动员力度加大。二是宣传氛围浓烈。',
        '主要有以下三个方面的考虑：第一个方面，今年的工作早有安排。第二个方面，时间紧迫。',
        '全年完成投资1.5万亿元。2、3季度是关键。',
      ].join('\n'),
    );
    const h = (marker: string, text: string) => doc.headings.find((x) => x.marker === marker && x.text.startsWith(text));
    expect(h('一、', '提高政治站位')).toMatchObject({ level: 1 });
    expect(h('二、', '坚持问题导向')).toMatchObject({ level: 1 });
    expect(h('（一）', '建立清单机制')).toMatchObject({ level: 2 });
    expect(h('（二）', '聚焦关键领域')).toMatchObject({ level: 2 });
    expect(h('三、', '强化保障落实')).toMatchObject({ level: 1 });
    // The heading ends where the page lost its line break.
    expect(h('一、', '精心组织')?.text).toBe('精心组织，取得明显成效');
    expect(h('1、', '抓发动')).toBeDefined();
    expect(h('一是', '组织动员')!.level).toBeGreaterThan(h('1、', '抓发动')!.level);
    expect(h('第一个方面，', '今年的工作')).toBeDefined();
    expect(h('第二个方面，', '时间紧迫')).toBeDefined();
    // 2、3季度 does not continue a count: not a heading.
    expect(doc.headings.find((x) => x.marker === '2、')).toBeUndefined();
  });
});

describe('tasks of a plan with their units', () => {
  const doc = parseDocument(
    [
      '某县人民政府关于2025年重点工作责任分解的通知',
      '一、确保完成主要预期目标',
      '1. 地区生产总值增长8%以上。',
      '牵头负责领导：张三。',
      '牵头责任单位：县发展和改革局。',
      '协同责任单位：县财政局、县商务局。',
      '2. 固定资产投资增长10%以上。',
      '二、县示范区管委会牵头工作（2项）',
      '1. 投资3000万元建设循环水养殖基地。',
      '2. 打造食用菌生产基地。',
      '三、其他工作',
      '1. 提升完善各产业园发展规划。（牵头单位：县园区服务中心；',
      '责任单位：新材料产业园、食品产业园）',
      '2. 建立周调度制度。',
      '县指挥办每周召开一次例会。议定事项由综合协调组跟进落实。',
      '3. 加强督办。',
      '大项目办要对推进缓慢的事项深入核查。要对超期未完成的工作下发督办通知。',
      '4. 各镇于每周二前将工作进展报县指挥办，尽快印发实施方案。',
      '牵头单位负责制定攻坚方案，协同单位主动对接需求。',
    ].join('\n'),
  );
  const task = (start: string) => doc.tasks.find((t) => t.text.startsWith(start));

  it('reads 牵头责任单位 / 协同责任单位 labels, and keeps a plan item that heads nothing', () => {
    expect(task('地区生产总值增长8%以上')).toMatchObject({ leadUnits: ['县发展和改革局'], coUnits: ['县财政局', '县商务局'] });
    expect(task('固定资产投资增长10%以上')).toBeDefined();
  });

  it('gives the items under a unit-titled section that unit, even when they state no verb of command', () => {
    expect(task('投资3000万元建设')).toMatchObject({ leadUnits: ['县示范区管委会'] });
    expect(task('打造食用菌')).toMatchObject({ leadUnits: ['县示范区管委会'] });
  });

  it('makes a 责任单位 beside a 牵头单位 co-operate', () => {
    expect(task('提升完善各产业园')).toMatchObject({ leadUnits: ['县园区服务中心'], coUnits: ['新材料产业园', '食品产业园'] });
  });

  it('finds the unit a rule opens with, units after 由, and carries a subject over to its next 要', () => {
    expect(task('县指挥办每周召开')).toMatchObject({ leadUnits: ['县指挥办'] });
    expect(task('议定事项由综合协调组')).toMatchObject({ leadUnits: ['综合协调组'] });
    expect(task('大项目办要对推进缓慢')).toMatchObject({ leadUnits: ['大项目办'] });
    expect(task('要对超期未完成')).toMatchObject({ leadUnits: ['大项目办'] });
  });

  it('takes 各镇（街）、各专班 as units of a kind, but not 各地 or 各部门', () => {
    const d = parseDocument(['某县工作制度', '各镇（街）、各专班要及时总结经验做法。', '各地各部门要认真履职尽责。'].join('\n'));
    expect(d.tasks.find((t) => t.text.startsWith('各镇'))?.leadUnits).toEqual(['各镇（街）', '各专班']);
    expect(d.tasks.find((t) => t.text.startsWith('各地'))?.leadUnits ?? []).toEqual([]);
  });

  it('reads 每周二前 and 尽快 as deadlines, and role words are no units', () => {
    expect(task('各镇于每周二前')?.deadline).toBe('每周二前');
    expect(doc.tasks.flatMap((t) => t.leadUnits)).not.toContain('牵头单位');
    expect(doc.tasks.flatMap((t) => t.leadUnits).some((u) => u.includes('负责制定'))).toBe(false);
  });
});

describe('formulations: one character, nested quotes, parallel formulas', () => {
  const doc = parse(
    [
      '坚持“稳”字当头、“进”字加力，在“聚焦优势特色产业，着力巩固延伸“口岸+”产业链”方面发力。',
      '落实“要素跟着项目走”机制，做到“一个问题、一个方案、一名牵头领导、一套整改班子、一抓到底”，“要在全面高质量发展中走在全国前列”。',
      '通过“周调度、月通报、季推进、年考评”工作机制推进，为期三个多月。',
    ].join('\n'),
  );

  it('takes one-character terms, the inner of nested quotes and parallel formulas, but not quoted sentences, rhythms or 三个多月', () => {
    for (const f of ['稳', '进', '口岸+', '要素跟着项目走', '一个问题、一个方案、一名牵头领导、一套整改班子、一抓到底']) expect(doc.formulations).toContain(f);
    expect(doc.formulations).not.toContain('要在全面高质量发展中走在全国前列');
    expect(doc.formulations).not.toContain('周调度、月通报、季推进、年考评');
    expect(doc.formulations.some((f) => f.includes('聚焦优势'))).toBe(false);
    expect(doc.formulations).not.toContain('三个多月');
    expect(doc.cadences.map((c) => c.text)).toContain('月通报');
  });
});

describe('explanations', () => {
  it('says why each figure is a target or a statistic, and why each name was taken', () => {
    const doc = parseDocument(
      [
        '在全县经济工作会议上的讲话',
        '同志们，今年力争引进项目50个。',
        '一、过去一年工作回顾',
        '全县地区生产总值增长5.5%。',
        '二、今年的目标任务',
        '地区生产总值增长6%，去年完成投资120亿元。',
        '我县现有8所高校。',
        '县委书记王建国出席。市发改委、陕西省铜川市印台区参加。',
      ].join('\n'),
    );
    const fig = (v: number) => [...doc.targets, ...doc.statistics].find((x) => x.value === v);
    expect(fig(5.5)?.why).toEqual({ rule: 'section', cue: '过去一年工作回顾' });
    expect(fig(6)?.why).toEqual({ rule: 'section', cue: '今年的目标任务' });
    expect(fig(120)?.why).toEqual({ rule: 'clause-past', cue: '去年' });
    expect(fig(8)?.why).toEqual({ rule: 'present', cue: '现有' });
    expect(fig(50)?.why).toEqual({ rule: 'marker-before', cue: '力争' });
    expect(doc.explain.people['王建国']).toEqual({ rule: 'title', cue: '书记' });
    expect(doc.explain.places['陕西省铜川市印台区']).toMatchObject({ rule: 'gazetteer' });
    expect(doc.explain.organizations['市发改委']).toMatchObject({ rule: 'level-body' });
  });

  it('tells a hook of every candidate it turned down, with the reason', () => {
    const rejected: Array<{ kind: string; text: string; reason: string }> = [];
    parseDocument('县委书记王建国主持。县十八届人大四次会议确定了《十五件实事》。临沂市住房和城乡建设局办公室印发方案。确保定期调度。', { onReject: (r) => rejected.push(r) });
    expect(rejected).toEqual(
      expect.arrayContaining([
        { kind: 'organization', text: '县委', reason: 'inside-job-title' },
        { kind: 'organization', text: '县十八届人大', reason: 'session-of-a-meeting' },
        { kind: 'place', text: '保定', reason: 'part-of-word' },
        { kind: 'place', text: '临沂市', reason: 'only-inside-a-body-or-title' },
        { kind: 'figure', text: '十五件', reason: 'inside-title' },
      ]),
    );
  });
});
