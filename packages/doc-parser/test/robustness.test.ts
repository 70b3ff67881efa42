import { describe, expect, it } from 'vitest';
import { cleanDocument, decodeText, htmlToText, parseDocument } from '../src/index.ts';
import { expectOffsetsValid, readCorpus } from './helpers.ts';

// Small seeded PRNG so failures reproduce.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '一、', '（一）', '(二)', '1.', '2、', '（3）', '①', '第一，', '第二条', '一是', '二是', '三要', '首先，', '最后，', '\n', '\n', '\n\n',
  '。', '；', '，', '：', '？', '?', '！', '、', '“', '”', '【', '】', '(', ')', '（', '）', '\t', '  ', '　',
  '要', '加快', '推進', '推进', '年底前', '牵头单位：', '配合单位：', '牽頭單位：', '市发改委', '万', '亿元', '%', '％', '百分之', '分之', '翻一番', '成',
  '力争', '去年', '同比增长', '一月一通报', '“两个确立”', '6+2+X', '同志', '书记', '张三', '新吴区', '街道', '局', '委',
  '当前位置：首页 > 新闻', '发布时间：2024-01-05', '来源：', '【大 中 小】', '网友评论', '回复', '版权所有', '质(zhì)', 'abc', 'XYZ', '<b>', '&amp;',
  '0', '1', '2', '9', '12.5', '2024年', '3000', '八', '两', '十', '百', '千',
];

function randomDoc(rand: () => number): string {
  const n = 1 + Math.floor(rand() * 80);
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.6) s += PIECES[Math.floor(rand() * PIECES.length)] ?? '';
    else if (r < 0.85) s += String.fromCharCode(0x4e00 + Math.floor(rand() * 0x5000));
    else s += String.fromCharCode(Math.floor(rand() * 0x3000));
  }
  return s;
}

describe('fuzz', () => {
  it('never throws and keeps every offset valid on 600 random documents', () => {
    const rand = mulberry32(20240305);
    for (let k = 0; k < 600; k++) {
      const input = randomDoc(rand);
      const cleaned = cleanDocument(input);
      const doc = parseDocument(input);
      expectOffsetsValid(doc, cleaned.text);
      for (const o of cleaned.flags.lostCharacters) expect('?？').toContain(cleaned.text[o]);
    }
  });

  it('decodes and parses random bytes', () => {
    const rand = mulberry32(7);
    for (let k = 0; k < 100; k++) {
      const bytes = new Uint8Array(Math.floor(rand() * 2000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256);
      const { text } = decodeText(bytes);
      expect(() => parseDocument(text)).not.toThrow();
      expect(() => htmlToText(text)).not.toThrow();
    }
  });
});

describe('large and pathological inputs', () => {
  it('parses one 1 MB line quickly', () => {
    const line = '要加快推进' + '重点项目建设，'.repeat(150_000);
    const t0 = performance.now();
    const doc = parseDocument(line);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(doc.tasks.length).toBeLessThanOrEqual(1);
  });

  it('survives marker floods and deep nesting', () => {
    const flood = '一、'.repeat(50_000) + '?'.repeat(20_000) + '（'.repeat(20_000) + '“'.repeat(20_000) + '1.'.repeat(20_000);
    expect(() => parseDocument(flood)).not.toThrow();
    const families = ['第一章', '第一节', '一、', '（一）', '1.', '（1）', '①', 'a.'];
    const deep: string[] = [];
    for (let i = 0; i < 2000; i++) deep.push(`${families[i % families.length]}推进工作${i}`);
    const doc = parseDocument(deep.join('\n'));
    expect(Math.max(...doc.headings.map((h) => h.level))).toBeLessThanOrEqual(8);
  });

  it('parses about 10 MB of speech text', () => {
    const all = ['city-key-projects-meeting-speech.txt', 'wuxi-2018-jiefang-sixiang-research.txt', 'xinwu-2024-lianghui-relay-meeting.txt'].map(readCorpus).join('\n');
    const big = all.repeat(Math.ceil((10 * 1024 * 1024) / Buffer.byteLength(all)));
    const t0 = performance.now();
    const doc = parseDocument(big);
    // Generous bound for shared CI machines; the benchmark measures throughput properly.
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(doc.headings.length).toBeGreaterThan(1000);
    // Vitest's own 5-second limit would end the test before the bound above can be checked.
  }, 30_000);
});

describe('decodeText', () => {
  const utf8 = new TextEncoder().encode('要加快推进');

  it('detects UTF-8 with and without BOM', () => {
    expect(decodeText(utf8)).toEqual({ text: '要加快推进', encoding: 'utf-8' });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({ text: '要加快推进', encoding: 'utf-8' });
  });

  it('falls back to GB18030 for GBK bytes', () => {
    // 你好，推进 in GBK
    const gbk = new Uint8Array([0xc4, 0xe3, 0xba, 0xc3, 0xa3, 0xac, 0xcd, 0xc6, 0xbd, 0xf8]);
    expect(decodeText(gbk)).toEqual({ text: '你好，推进', encoding: 'gb18030' });
  });

  it('reads UTF-16 with a BOM', () => {
    const le = new Uint8Array([0xff, 0xfe, 0x01, 0x4e, 0x41, 0x00]);
    expect(decodeText(le)).toEqual({ text: '丁A', encoding: 'utf-16le' });
    const be = new Uint8Array([0xfe, 0xff, 0x4e, 0x01, 0x00, 0x41]);
    expect(decodeText(be)).toEqual({ text: '丁A', encoding: 'utf-16be' });
  });
});

describe('htmlToText', () => {
  it('keeps block structure, decodes entities and drops chrome', () => {
    const html = `<html><head><title>t</title><style>p{color:red}</style></head><body>
      <header><nav><a href="/">首页</a> | <a>新闻</a></nav></header>
      <div class="content"><h1>在全市大会上的讲话</h1><p>同志们：</p><p>要加快&nbsp;推进&ldquo;两个确立&rdquo;&amp;落实&#x3002;</p>
      <script>var a = "<p>不要</p>";</script>
      <table><tr><th>序号</th><th>任务</th><th>牵头单位</th></tr><tr><td>1</td><td><p>推进改造</p></td><td>市住建局</td></tr></table>
      一<br>二</div><aside>热门文章</aside><footer>版权所有</footer></body></html>`;
    expect(htmlToText(html)).toBe('在全市大会上的讲话\n\n同志们：\n\n要加快\u00a0推进“两个确立”&落实。\n\n序号\t任务\t牵头单位\n1\t推进改造\t市住建局\n\n一\n二');
  });
});
