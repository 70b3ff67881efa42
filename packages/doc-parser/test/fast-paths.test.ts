import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { fastHkToCn, matchForm, normalizeForMatch } from '../src/convert.ts';
import { gazetteer, placeNameAt } from '../src/gazetteer.ts';
import { matchLineMarker } from '../src/headings.ts';
import { cleanDocument, parseDocument } from '../src/index.ts';
import { codeTable } from '../src/text.ts';
import { readCorpus } from './helpers.ts';

// The per-character scans over a whole document use lookup tables and pre-filters instead of
// regexes, Sets and one-character strings; each must answer exactly as the slow form did.
describe('fast paths of the parser', () => {
  it('a code table marks exactly the code units of its characters', () => {
    const chars = '区园镇乡道“「『"‘';
    const table = codeTable(chars);
    const wrong: number[] = [];
    for (let code = 0; code < 65536; code++) if ((table[code] === 1) !== chars.includes(String.fromCharCode(code))) wrong.push(code);
    expect(wrong).toEqual([]);
    expect(table.reduce((n, v) => n + v, 0)).toBe(chars.length);
  });

  it('the hk→cn conversion answers as OpenCC does, on every dictionary entry and on mixed text', () => {
    const fast = fastHkToCn();
    const slow = OpenCC.Converter({ from: 'hk', to: 'cn' });
    // Every entry of every dictionary the conversion uses, one after another, so matches run into each other.
    const configs = OpenCC.Locale.configs as unknown as Record<string, Record<string, unknown>>;
    const dicts = JSON.stringify(configs['hk2s']).match(/[^"|\\[\], ]+/gu) ?? [];
    expect(dicts.length).toBeGreaterThan(10000);
    const texts = [dicts.join(''), dicts.join(' '), dicts.reverse().join('|')];
    // Traditional documents, with astral characters, ideographic description sequences and a lone surrogate.
    for (const name of ['dev/docs/13_investment-100day-campaign-speech-trad.txt', 'dev/docs/14_npc-suggestions-handling-trad.txt', 'dev/docs/20_hangjinhouqi-beautiful-village-plan-trad.txt']) {
      texts.push(readCorpus(name));
    }
    texts.push('⿰氵青潔淨、乾淨與乾隆 𠀋𡃁 ⿱艹⿰日月 \ud840 後來發展 Ａ型肝炎 著名 著作 臺灣 ⿰', '');
    for (const t of texts) {
      const got = fast(t);
      const want = slow(t);
      if (got !== want) {
        let k = 0;
        while (got[k] === want[k]) k++;
        expect(got.slice(Math.max(0, k - 20), k + 20)).toBe(want.slice(Math.max(0, k - 20), k + 20));
      }
      expect(got).toBe(want);
    }
  });

  it('a gazetteer lookup finds the longest known name at every position, as a scan of all names by first character does', () => {
    const names = [...gazetteer().byPrefix.values()].flat();
    const byFirst = new Map<string, string[]>();
    for (const n of names) byFirst.set(n[0] ?? '', [...(byFirst.get(n[0] ?? '') ?? []), n]);
    const longest = (text: string, at: number): string | null => {
      let best: string | null = null;
      for (const n of byFirst.get(text[at] ?? '') ?? []) if (text.startsWith(n, at) && (!best || n.length > best.length)) best = n;
      return best;
    };
    const text = normalizeForMatch(readCorpus('dev/docs/02_jinxiang-2025-work-division.txt') + names.join('、') + names.join(''));
    const wrong: string[] = [];
    for (let i = 0; i < text.length; i++) if (placeNameAt(text, i) !== longest(text, i)) wrong.push(text.slice(i, i + 8));
    expect(wrong).toEqual([]);
  });

  it('the match form folds full-width characters and capitals on lines longer than one chunk of code units', () => {
    const unit = 'ＡＢＣ，　ｘ１２３！Ｑ中文、E';
    const line = unit.repeat(2000);
    const want = [...line].map((ch) => {
      const c = ch.charCodeAt(0);
      const half = c >= 0xff01 && c <= 0xff5e ? c - 0xfee0 : c === 0x3000 ? 0x20 : c;
      return String.fromCharCode(half >= 0x41 && half <= 0x5a ? half + 32 : half);
    }).join('');
    expect(line.length).toBeGreaterThan(16384);
    expect(matchForm(`${line}\n${line}`)).toBe(`${want}\n${want}`);
  });

  it('numeral runs with no unit after them are skipped early, and the figures with units are still all found', () => {
    const doc = parseDocument('到2025年，全市要进一步建成三个园区，新增就业一万人，新增企业十余家，研发投入增长百分之十，一半以上村达标，覆盖率达到2/3，产值翻一番，统一是关键，两个维护，一二三四五六七八九十项目。');
    expect([...doc.targets, ...doc.statistics].map((f) => [f.value, f.unit, f.comparator])).toEqual([
      [3, '个', '='], [1, '万人', '='], [10, '家', '>='], [10, '%', '='], [0.5, null, '>='], [0.6667, null, '='], [2, '倍', '='], [90, '项', '='],
    ]);
  });

  it('chrome lines are dropped by their pattern only within their length limits', () => {
    const body = '全市要加快推进重点项目建设。';
    const long = `${'版权所有'}${'，'.repeat(260)}`;
    const doc = cleanDocument(['版权所有 © 某市人民政府', body, long, '上一篇：关于印发通知', `上一篇${'。'.repeat(120)}`, '浏览次数：35'].join('\n'));
    expect(doc.removed.map((r) => r.reason)).toEqual(['copyright', 'navigation', 'widget']);
    expect(doc.text.split('\n')).toEqual([body, long, `上一篇${'。'.repeat(120)}`]);
  });

  it('the names of people, places and bodies still stop at the same characters', () => {
    const doc = parseDocument('市委书记李小敏强调，金乡县发展和改革局、新吴区委区政府、县示范区管委会要加快推进瓯海区泽雅镇产业园建设，王海涛同志参加。');
    expect({ people: doc.people, places: doc.places, organizations: doc.organizations }).toEqual({
      people: ['李小敏', '王海涛'],
      places: ['瓯海区泽雅镇'],
      organizations: ['金乡县发展和改革局', '新吴区委', '区政府', '县示范区管委会'],
    });
  });

  it('a line marker of every family is still recognised after the check of its first character', () => {
    const lines = ['第一章 总则', '第二节 任务', '第三部分 保障', '第四条 职责', '第五,任务', '第六个方面,任务', '(七)任务', '八)任务', '九、任务', '1.2.3 任务', '1.2 任务', '(3)任务', '4)任务', '5、任务', '(a)任务', 'b.任务', '一是任务', '二要任务', '首先,任务', '①任务', '⑵任务', '全市任务', '“一是”任务', 'A.任务'];
    expect(lines.map((l) => {
      const m = matchLineMarker(l, 0, l.length);
      return m ? `${m.family}:${m.num}:${m.length}` : null;
    })).toEqual([
      'chapter:1:3', 'section:2:3', 'part:3:4', 'article:4:3', 'di:5:3', 'di-aspect:6:6', 'cn-paren:7:3', 'cn-paren:8:2', 'cn-dun:9:2', 'num-dot3:1:5',
      'num-dot2:1:3', 'num-paren:3:3', 'num-paren:4:2', 'num-dot:5:2', 'latin-paren:1:3', 'latin-dot:2:2', 'shi:1:2', 'yao:2:2', 'seq:1:3', 'circled:1:1',
      'num-paren:2:1', null, null, null,
    ]);
  });
});
