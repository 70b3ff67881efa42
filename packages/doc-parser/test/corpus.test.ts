import { describe, expect, it } from 'vitest';
import { cleanDocument, formatOutline, parseDocument } from '../src/index.ts';
import { expectOffsetsValid, readCorpus } from './helpers.ts';

// Expectations below were written by reading the documents, not by copying parser output.

const FILES = ['city-key-projects-meeting-speech.txt', 'wuxi-2018-jiefang-sixiang-research.txt', 'xinwu-2024-lianghui-relay-meeting.txt'];

describe('every corpus document', () => {
  for (const name of FILES) {
    it(`${name}: offsets point at their text in the cleaned text`, () => {
      const input = readCorpus(name);
      const cleaned = cleanDocument(input);
      const doc = parseDocument(input);
      expectOffsetsValid(doc, cleaned.text);
      for (const r of cleaned.removed) {
        expect(r.start).toBeGreaterThanOrEqual(0);
        expect(r.end).toBeLessThanOrEqual(input.length);
      }
      expect(formatOutline(doc).length).toBeGreaterThan(0);
      // The JSON shape is fixed.
      expect(Object.keys(JSON.parse(JSON.stringify(doc)))).toEqual([
        'title', 'date', 'source', 'script', 'headings', 'tasks', 'targets', 'statistics', 'formulations', 'cadences', 'people', 'places', 'organizations', 'explain', 'setAside',
      ]);
    });
  }
});

describe('city key-projects speech', () => {
  const input = readCorpus('city-key-projects-meeting-speech.txt');
  const doc = parseDocument(input);
  const cleaned = cleanDocument(input);

  it('drops the hidden-text banner and finds the speech title', () => {
    expect(cleaned.text).not.toContain('此处隐藏');
    expect(cleaned.removed.some((r) => r.reason === 'hidden-banner')).toBe(true);
    expect(doc.title?.endsWith('会议上的讲话')).toBe(true);
    expect(doc.date).toBeNull();
    expect(doc.script).toBe('simplified');
  });

  it('has three 第X, sections and five 一是…五是 lead-ins inside the third', () => {
    const l1 = doc.headings.filter((h) => h.level === 1);
    const l2 = doc.headings.filter((h) => h.level === 2);
    expect(l1.map((h) => h.marker)).toEqual(['第一,', '第二,', '第三,']);
    expect(l2.map((h) => h.marker)).toEqual(['一是', '二是', '三是', '四是', '五是']);
    expect(l1[0]?.text.startsWith('提高政治站位')).toBe(true);
    expect(l1[2]?.text.endsWith('。')).toBe(true);
    const third = l1[2]?.offset ?? 0;
    for (const h of l2) expect(h.offset).toBeGreaterThan(third);
    expect(doc.headings).toHaveLength(8);
  });

  it('finds deployment sentences under their heading path, but not past achievements', () => {
    expect(doc.tasks.length).toBeGreaterThanOrEqual(8);
    const underFourth = doc.tasks.filter((t) => t.headingPath.length === 2 && t.headingPath[1]?.startsWith('狠抓工作落实'));
    expect(underFourth.length).toBeGreaterThanOrEqual(1);
    expect(underFourth.every((t) => t.headingPath[0]?.startsWith('加强自身建设'))).toBe(true);
    // The sentence reviewing what has happened since the start of the year is not a task.
    expect(doc.tasks.some((t) => t.text.includes('年初以来'))).toBe(false);
    // Headings with a body are represented by their path, not repeated as tasks.
    expect(doc.tasks.some((t) => t.text.startsWith('提高政治站位'))).toBe(false);
  });

  it('collects quoted formulations once each', () => {
    expect(doc.formulations).toContain('两个维护');
    expect(doc.formulations).toContain('十四五');
    expect(doc.formulations).toContain('一把手');
    expect(doc.formulations.filter((f) => f === '十四五')).toHaveLength(1);
    expect(doc.targets).toHaveLength(0);
    expect(doc.people).toHaveLength(0);
  });
});

describe('Wuxi 2018 research visit (Traditional, with Simplified title copies)', () => {
  const input = readCorpus('wuxi-2018-jiefang-sixiang-research.txt');
  const doc = parseDocument(input);
  const cleaned = cleanDocument(input);

  it('keeps one title line in the document script and removes the repeated Simplified copies', () => {
    expect(doc.title?.startsWith('李小敏')).toBe(true);
    expect(cleaned.text).not.toContain('推动高质量发展领先');
    expect(cleaned.removed.filter((r) => r.reason === 'repeated-title').length).toBeGreaterThanOrEqual(5);
    expect(cleaned.text).not.toContain('分享到');
    expect(cleaned.text).not.toContain('相關文章');
    expect(doc.script).toBe('traditional');
  });

  it('reads bare numbers on their own line as level-1 sections', () => {
    expect(doc.headings).toHaveLength(10);
    expect(doc.headings.every((h) => h.level === 1)).toBe(true);
    expect(doc.headings.map((h) => h.marker)).toEqual(['1', '2', '3', '4', '5', '6', '7', '1', '2', '3']);
    expect(doc.headings.slice(0, 7).every((h) => h.text.startsWith('圍繞') && h.text.endsWith('推動思想解放'))).toBe(true);
  });

  it('matches Traditional keywords through the Simplified form and keeps Traditional output', () => {
    const science = doc.tasks.filter((t) => t.headingPath[0]?.startsWith('圍繞科技創新'));
    expect(science.length).toBeGreaterThanOrEqual(2);
    expect(doc.tasks.some((t) => t.text.includes('加快構建'))).toBe(true);
    // 近年來 … 取得較大成效 describes the past.
    expect(doc.tasks.some((t) => t.text.startsWith('近年來'))).toBe(false);
  });

  it('names the secretary, the district, the street and the law firm', () => {
    expect(doc.people).toContain('李小敏');
    expect(doc.places).toContain('新吳區');
    expect(doc.places).toContain('旺莊街道');
    expect(doc.organizations).toContain('海輝律師事務所');
    expect(doc.places.some((p) => p === '全市' || p === '全省')).toBe(false);
  });

  it('collects quoted slogans', () => {
    for (const f of ['三項機制', '兩學一做', '放管服', '一帶一路', '關鍵少數']) expect(doc.formulations).toContain(f);
    // 七個方面 is a count in running text, not a target.
    expect(doc.targets).toHaveLength(0);
  });
});

describe('Xinwu 2024 two-sessions relay meeting (web copy)', () => {
  const input = readCorpus('xinwu-2024-lianghui-relay-meeting.txt');
  const doc = parseDocument(input);
  const cleaned = cleanDocument(input);

  it('keeps date and source as metadata and drops breadcrumb and widgets', () => {
    expect(doc.date).toBe('2024-03-18');
    expect(doc.source).toBe('新吴区人民政府');
    expect(doc.title?.startsWith('无锡高新区')).toBe(true);
    expect(cleaned.text).not.toContain('当前位置');
    expect(cleaned.text).not.toContain('字号');
    expect(cleaned.text).not.toContain('发布时间');
    expect(cleaned.text).not.toContain('来源');
    expect(cleaned.removed.map((r) => r.reason)).toContain('breadcrumb');
  });

  it('has no numbered headings and many deployment sentences', () => {
    expect(doc.headings).toHaveLength(0);
    expect(doc.tasks.length).toBeGreaterThanOrEqual(15);
    expect(doc.tasks.some((t) => t.text.includes('6+2+X'))).toBe(true);
    expect(doc.targets).toHaveLength(0);
    expect(doc.statistics).toHaveLength(0);
  });

  it('names the leaders and bodies', () => {
    for (const p of ['崔荣国', '孙华芹', '焦夕莲', '章金伟', '余银龙', '习近平']) expect(doc.people).toContain(p);
    expect(doc.places).toContain('新吴区');
    expect(doc.places).toContain('无锡高新区');
    // Bodies named only in job titles (无锡高新区党工委书记, 新吴区人大常委会主任) are not listed on their own.
    expect(doc.organizations).not.toContain('新吴区人大常委会');
    expect(doc.organizations).not.toContain('无锡高新区党工委');
    expect(doc.organizations).toContain('党中央');
  });

  it('collects numbered slogans in first-appearance order', () => {
    for (const f of ['6+2+X', '1+3+10+N', '一老一小', '四大行动', '两城四区', '强富美高']) expect(doc.formulations).toContain(f);
    expect(doc.formulations.indexOf('6+2+X')).toBeLessThan(doc.formulations.indexOf('一老一小'));
  });
});
