import { matchForm } from './convert.ts';
import { findDate } from './dates.ts';
import { isHan, isSpace } from './text.ts';
import type { CleanedDocument, RemovedSpan } from './types.ts';

// Lines longer than this are treated as content: web chrome is short, and skipping the checks keeps
// cleaning linear and cheap on megabyte-long lines.
const SHORT_LINE = 300;

interface RawLine {
  start: number; // trimmed start in the input
  end: number; // trimmed end in the input
  text: string; // trimmed original text
  norm: string | null; // matching form, for short lines only
  drop: string | null;
}

const HIDDEN = /此处隐藏\s{0,3}\d{0,9}\s{0,3}字|下载后查看|(?:剩余|余下|还剩)\s{0,3}\d{0,9}\s{0,3}字.{0,8}(?:下载|阅读|查看)|(?:点击|登录|注册).{0,6}(?:查看|阅读)(?:全文|完整|更多)|部分内容已隐藏/;
const BREADCRUMB = /^(?:当前位置|您现在的位置|您当前的位置|你现在的位置|你当前的位置|您的位置|你的位置|现在的位置|当前的位置|所在位置|当前页面|位置)\s{0,3}(?:[:>»]|是)/;
const META_LABEL = '发布时间|发布日期|发表时间|发表日期|发文日期|更新时间|更新日期|成文日期|印发日期|时间|日期|来源|信息来源|文章来源|稿件来源|稿源|作者|责任编辑|编辑|审核|浏览次数|浏览量|点击数|点击次数|点击量|阅读次数|阅读量|访问量|访问次数|字号|选择阅读字号|字体|分享到';
const META_START = new RegExp(`^[【\\[(]?\\s{0,3}(?:${META_LABEL})\\s{0,3}[:]`);
const META_ANY = new RegExp(`(?:${META_LABEL})\\s{0,3}[:]`, 'g');
const SOURCE = new RegExp(`(?:信息来源|文章来源|稿件来源|来源|稿源)\\s{0,3}[:]\\s{0,3}(.{1,60}?)(?=\\s{2}|\\u00a0|\\t|\\||(?:${META_LABEL})\\s{0,3}[:]|$)`);
const DATE_LABEL = /(?:发布时间|发布日期|发表时间|发表日期|发文日期|更新时间|更新日期|成文日期|印发日期|时间|日期)\s{0,3}[:]/;
const COUNTER = /^(?:浏览|阅读|点击|访问)(?:次数|量|数)?\s{0,3}[:]?\s{0,3}\d|\d\s{0,3}次(?:浏览|阅读|点击)|^(?:阅读|浏览)\s{0,2}\d{1,9}$/;
const EDITOR = /^[【[(]?\s{0,3}(?:责任编辑|编辑|审核|校对|审校|责编|编审|作者|记者|通讯员|撰稿|供稿|摄影|图片|稿源|监制|出品)\s{0,3}[:]/;
const COPYRIGHT = /版权所有|copyright|©|icp备|icp证|公网安备|网站标识码|技术支持\s{0,3}[:]|建议使用.{0,20}浏览器|最佳分辨率|分辨率\s{0,3}\d|政府网站找错|all rights reserved/;
const FORUM = /^(?:楼主|沙发|板凳|地板|\d{1,5}\s{0,2}楼|#\d{1,5}|\d{1,5}#|只看该作者|只看楼主|使用道具|举报|引用\s{0,2}[:]|ip属地)|发表于\s{0,3}\d{4}|(?:支持|反对|顶|踩|赞|点赞)\s{0,2}\(\d{1,7}\)|^(?:回复|re)\s{0,2}(?:@|#|\d{1,5}楼|[:]|[^\s:]{1,16}[:])/;
const COMMENT_HEAD = /^(?:发表评论|网友评论|我要评论|评论区|全部评论|最新评论|热门评论|精彩评论|网友留言|读者评论|用户评论|评论列表|文明上网|已有\s{0,2}\d{1,7}\s{0,2}条评论|共\s{0,2}\d{1,7}\s{0,2}条评论|\d{1,7}\s{0,2}条评论|评论\s{0,2}\(\d{1,7}\)|评论\s{0,2}[:]?$)/;
const COMMENT_SIGNAL = /回复|楼主|\d楼|网友|评论|匿名|点赞|发表于|ip属地|\d{4}-\d{1,2}-\d{1,2}\s{1,3}\d{1,2}:\d{2}/;
const RELATED = /^(?:相关文章|相关阅读|相关新闻|相关链接|相关推荐|相关稿件|推荐阅读|延伸阅读|热点新闻|热门文章|热门推荐|猜你喜欢|更多阅读|更多新闻|扩展阅读)/;
const PREV_NEXT = /^(?:上一篇|下一篇|上一条|下一条|上篇|下篇)/;
const PAGE_NUMBER = /^(?:[-—–]\s{0,3}\d{1,4}\s{0,3}[-—–]|第\s{0,2}\d{1,4}\s{0,2}页(?:\s{0,2}[/,，]?\s{0,2}共\s{0,2}\d{1,4}\s{0,2}页)?|\d{1,4}\s{0,2}\/\s{0,2}\d{1,4})$/;
const WIDGET_TOKENS = /选择阅读字号|阅读字号|字号|字体|默认|打印本页|打印此页|打印文章|打印|关闭窗口|关闭本页|关闭|分享到|分享|收藏本页|加入收藏|收藏|返回顶部|返回首页|返回列表|返回|扫一扫|在手机上阅读|手机阅读|手机版|微信|新浪微博|腾讯微博|微博|qq空间|qq好友|qq|朋友圈|豆瓣|复制链接|我要纠错|纠错|保护视力色|视力保护色|护眼模式|浏览次数|阅读次数|点击数|浏览|阅读|点击|增大|减小|大|中|小|次/g;
const WIDGET_REST = /[\s\d【】[\]()<>:：|/·•\-_,，.。、'"“”‘’]/g;
const NAV_WORDS = new Set([
  '首页', '网站首页', '新闻', '新闻中心', '要闻', '要闻动态', '工作动态', '政务公开', '信息公开', '政府信息公开', '办事服务', '政务服务', '网上办事',
  '互动交流', '政民互动', '公众参与', '专题专栏', '关于我们', '联系我们', '网站地图', '概况', '领导之窗', '通知公告', '政策文件', '政策解读', '数据发布',
  '机构设置', '登录', '注册', '无障碍', '长者模式', 'english', '繁体', '简体', '繁體', '搜索', '帮助', '友情链接', '图片新闻', '视频', '媒体聚焦',
  '部门动态', '基层动态', '人事信息', '规划计划', '统计数据', '财政信息', '招标采购', '在线访谈', '留言板', '信箱', '意见征集', '便民服务', '头条新闻',
  '政务动态', '公示公告', '专题', '服务', '互动', '公开', '动态', '政策', '关于', '返回首页', '本站', '设为首页', '加入收藏', '网上信访', '领导信箱',
]);
const NAV_SPLIT = /[|｜·•/\\\s>»]+/;
const PINYIN = /[(（]\s{0,2}([a-zA-ZāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüÜńňǹḿ]{1,8}[1-5]?)\s{0,2}[)）]/g;
const TONE = /[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]|[a-zü][1-5]$/;
const SYLLABLE = /^(?:zh|ch|sh|[bpmfdtnlgkhjqxrwyzcs])?[aeiouvü]{1,3}(?:n|ng|r)?$/;
const INLINE_WIDGET = /[【[]\s{0,3}(?:字体|字号)?\s{0,3}[:：]?\s{0,3}大\s{0,3}中\s{0,3}小\s{0,3}[】\]]|[【[](?:打印本页|打印|关闭窗口|关闭|收藏|分享|纠错)[】\]]/g;
const HEADING_START = /^(?:第[一二三四五六七八九十百零〇两\d]{1,4}[,，、:：\s章节条部]|[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．]\D|[①-⑳])/;
const QUESTION_WORD = /什么|怎么|为什么|为何|怎样|如何|哪|谁|是否|难道|几|多少|吗|呢|何/;
const QUESTION_PARTICLE = new Set(['吗', '呢', '么', '吧', '嘛', '啊', '呀', '麼', '嗎']);

function compact(norm: string): string {
  let out = '';
  for (let i = 0; i < norm.length; i++) {
    const c = norm.charCodeAt(i);
    if (isHan(c) || (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a)) out += norm[i];
  }
  return out;
}

// The length limits are tested before the regexes: most lines are longer than chrome is.
// A copyright footer is dropped before this is asked.
function classifyLine(norm: string): string | null {
  if (norm.length <= 100 && HIDDEN.test(norm)) return 'hidden-banner';
  if (BREADCRUMB.test(norm)) return 'breadcrumb';
  if (norm.length <= 150 && /[>»›]/.test(norm) && /首页|主页|home|正文/.test(norm) && (norm.match(/[>»›]/g) ?? []).length >= 2) return 'breadcrumb';
  if (norm.length <= 80 && COUNTER.test(norm)) return 'counter';
  if (norm.length <= 80 && EDITOR.test(norm) && !/来源|发布/.test(norm)) return 'editor';
  if (norm.length <= 200 && FORUM.test(norm)) return 'forum';
  if (norm.length <= 100 && PREV_NEXT.test(norm)) return 'navigation';
  if (PAGE_NUMBER.test(norm)) return 'page-number';
  return null;
}

function isMetaLine(norm: string): boolean {
  if (norm.length > 200) return false;
  if (META_START.test(norm)) return true;
  META_ANY.lastIndex = 0;
  let count = 0;
  while (META_ANY.exec(norm) && count < 2) count++;
  if (count >= 2) return true;
  // A line like "2023-05-06 10:21" on its own is a page timestamp, not content.
  return /^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s{0,3}\d{1,2}:\d{2}(?::\d{2})?$/.test(norm);
}

function isWidgetLine(norm: string): boolean {
  if (norm.length > 80) return false;
  const stripped = norm.replace(WIDGET_REST, '');
  // A bare number is a numbering line, not a widget.
  if (stripped.length === 0) return false;
  return stripped.replace(WIDGET_TOKENS, '').length === 0;
}

function navScore(tokens: string[]): number {
  let hits = 0;
  for (const t of tokens) if (NAV_WORDS.has(t)) hits++;
  return hits;
}

function isNavLine(norm: string): boolean {
  if (norm.length > 200 || /[。,，;；]/.test(norm)) return false;
  const tokens = norm.split(NAV_SPLIT).filter((t) => t.length > 0);
  if (tokens.length < 4) return false;
  if (tokens.some((t) => t.length > 8)) return false;
  return navScore(tokens) >= 2;
}

function isPinyin(s: string): boolean {
  if (s !== s.toLowerCase()) return false;
  return TONE.test(s) || SYLLABLE.test(s);
}

// Reasonable question context means a '?' is punctuation, not a character lost in transcoding.
function looksLikeQuestion(text: string, at: number): boolean {
  const prev = text[at - 1] ?? '';
  if (QUESTION_PARTICLE.has(prev)) return true;
  let s = at - 1;
  const floor = Math.max(0, at - 40);
  while (s > floor) {
    const ch = text[s - 1] ?? '';
    if ('。，,；;！!\n：:'.includes(ch)) break;
    s--;
  }
  return QUESTION_WORD.test(matchForm(text.slice(s, at)));
}

/** Offsets of '?' / '？' that stand for characters lost in transcoding rather than questions. */
export function findLostCharacters(text: string): number[] {
  const out: number[] = [];
  let i = text.indexOf('?');
  let j = text.indexOf('？');
  while (i >= 0 || j >= 0) {
    const at = i < 0 ? j : j < 0 ? i : Math.min(i, j);
    let end = at;
    while (end < text.length && (text.charCodeAt(end) === 0x3f || text.charCodeAt(end) === 0xff1f)) end++;
    const prev = at > 0 ? text.charCodeAt(at - 1) : 0;
    const next = end < text.length ? text.charCodeAt(end) : 0;
    const run = end - at;
    const ascii = text.charCodeAt(at) === 0x3f;
    let lost = false;
    if (isHan(prev) && isHan(next)) lost = !looksLikeQuestion(text, at);
    else if (ascii && run >= 2 && (isHan(prev) || isHan(next))) lost = true;
    else if (ascii && isHan(next) && (at === 0 || isSpace(prev) || prev === 0x0a || '，、。：；,:;“"（('.includes(String.fromCharCode(prev)))) lost = true;
    if (lost) for (let k = at; k < end; k++) out.push(k);
    i = text.indexOf('?', end);
    j = text.indexOf('？', end);
  }
  return out;
}

function splitLines(input: string): RawLine[] {
  const lines: RawLine[] = [];
  let pos = 0;
  const n = input.length;
  while (pos <= n) {
    let end = pos;
    while (end < n) {
      const c = input.charCodeAt(end);
      if (c === 0x0a || c === 0x0d) break;
      end++;
    }
    let a = pos;
    let b = end;
    while (a < b && isSpace(input.charCodeAt(a))) a++;
    while (b > a && isSpace(input.charCodeAt(b - 1))) b--;
    const text = input.slice(a, b);
    lines.push({ start: a, end: b, text, norm: text.length <= SHORT_LINE ? matchForm(text) : null, drop: null });
    if (end >= n) break;
    pos = end + (input.charCodeAt(end) === 0x0d && input.charCodeAt(end + 1) === 0x0a ? 2 : 1);
  }
  return lines;
}

/**
 * Removes web-scraping noise (breadcrumbs, widgets, navigation, comments, counters, copyright
 * footers, hidden-text banners, repeated titles, pinyin readings) and recovers title, date and source.
 * `removed` spans are offsets into `input`; `lostCharacters` are offsets into the returned text.
 */
export function cleanDocument(input: string, options?: { title?: string }): CleanedDocument {
  return cleanWithMatchForm(input, options).doc;
}

/** cleanDocument plus the matching form of the cleaned text, so parsing need not convert twice. */
export function cleanWithMatchForm(input: string, options?: { title?: string }): { doc: CleanedDocument; norm: string } {
  const src = typeof input === 'string' ? input : '';
  const lines = splitLines(src);
  let date: string | null = null;
  let source: string | null = null;

  // Pass 1: line-by-line chrome.
  let zone: 'none' | 'comment' | 'related' = 'none';
  for (const line of lines) {
    const norm = line.norm;
    if (line.text.length === 0) continue;
    if (norm === null) {
      zone = 'none';
      if (line.text.length < 2000 && /此处隐藏|此處隱藏/.test(line.text)) line.drop = 'hidden-banner';
      continue;
    }
    if (norm.length <= 250 && COPYRIGHT.test(norm)) {
      line.drop = 'copyright';
      continue;
    }
    if (norm.length <= 60 && COMMENT_HEAD.test(norm)) {
      line.drop = 'comment';
      zone = 'comment';
      continue;
    }
    if (zone === 'comment') {
      if (norm.length >= 80 && !COMMENT_SIGNAL.test(norm)) zone = 'none';
      else {
        line.drop = 'comment';
        continue;
      }
    } else if (zone === 'related') {
      if (norm.length > 60 || /[。;!?]$/.test(norm)) zone = 'none';
      else {
        line.drop = 'related';
        continue;
      }
    }
    if (norm.length <= 80 && RELATED.test(norm)) {
      line.drop = 'related';
      zone = 'related';
      continue;
    }
    if (isWidgetLine(norm)) {
      line.drop = 'widget';
      continue;
    }
    if (isMetaLine(norm)) {
      line.drop = 'metadata';
      const dl = DATE_LABEL.exec(norm);
      if (date === null) date = findDate(dl ? norm.slice(dl.index) : norm) ?? (dl ? null : findDate(norm));
      const sm = SOURCE.exec(norm);
      if (source === null && sm && sm[1] !== undefined) {
        const from = sm.index + sm[0].length - sm[1].length;
        const value = line.text.slice(from, from + sm[1].length).replace(/^[\s【[(（]+|[\s】\]）)]+$/g, '');
        if (value.length > 0) source = value;
      }
      continue;
    }
    const reason = classifyLine(norm);
    if (reason) {
      line.drop = reason;
      continue;
    }
    if (isNavLine(norm)) line.drop = 'navigation';
  }

  // Pass 2: menus laid out one item per line.
  let runStart = -1;
  const flushRun = (from: number, to: number): void => {
    const items = lines.slice(from, to).filter((l) => l.text.length > 0 && l.drop === null);
    if (items.length < 3) return;
    const hits = navScore(items.map((l) => l.norm ?? ''));
    if (hits >= 2 && hits >= items.length * 0.6) for (const l of items) l.drop = 'navigation';
  };
  for (let k = 0; k <= lines.length; k++) {
    const l = lines[k];
    const shortItem = l !== undefined && l.drop === null && l.norm !== null && l.norm.length > 0 && l.norm.length <= 8;
    const neutral = l !== undefined && (l.text.length === 0 || l.drop !== null);
    if (shortItem) {
      if (runStart < 0) runStart = k;
    } else if (!neutral) {
      if (runStart >= 0) flushRun(runStart, k);
      runStart = -1;
    }
  }

  // Title: the first content line that reads like one, unless the caller knows it.
  let title: string | null = options?.title?.trim() || null;
  let titleLine = -1;
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k];
    if (l === undefined || l.text.length === 0 || l.drop !== null) continue;
    const norm = l.norm;
    // A table header or a tabbed row is never a title.
    if (norm !== null && norm.length <= 100 && !/[。;!?]$/.test(norm) && !/[\t|｜]| {2}/.test(norm) && !HEADING_START.test(norm) && findDate(norm) === null) {
      if (title === null) {
        title = l.text;
        titleLine = k;
      } else if (compact(norm) === compact(matchForm(title))) titleLine = k;
    }
    break;
  }
  // Standalone date line near the top, e.g. "（2024年1月5日）" under a speech title.
  if (date === null) {
    let seen = 0;
    for (const l of lines) {
      if (l.text.length === 0 || l.drop !== null) continue;
      if (++seen > 8) break;
      if (l.norm !== null && l.norm.length <= 30 && /^[(（]?\s{0,2}(?:\d{4}|[〇○零一二三四五六七八九]{4})年[^。,，]{1,12}日\s{0,2}[)）]?$/.test(l.norm)) {
        date = findDate(l.norm);
        if (date) break;
      }
    }
  }
  if (title !== null) {
    const t = compact(matchForm(title));
    if (t.length >= 2) {
      for (let k = 0; k < lines.length; k++) {
        const l = lines[k];
        if (l === undefined || k === titleLine || l.drop !== null || l.norm === null || l.text.length === 0) continue;
        const c = compact(l.norm);
        if (c.length < t.length) continue;
        const repeated = c.length % t.length === 0 && c === t.repeat(c.length / t.length);
        const nt = matchForm(title);
        const rest = l.norm.startsWith(nt) ? l.norm.slice(nt.length).trim() : '';
        const withSite = rest.length > 0 && rest.length <= 30 && /^[-_—|｜]/.test(rest);
        if (repeated || withSite) l.drop = 'repeated-title';
      }
    }
  }

  // Assemble, removing inline pinyin readings and widgets.
  const removed: RemovedSpan[] = [];
  const out: string[] = [];
  const outNorm: string[] = [];
  let pendingBlank = false;
  for (const l of lines) {
    if (l.drop !== null) {
      removed.push({ start: l.start, end: l.end, reason: l.drop });
      continue;
    }
    if (l.text.length === 0) {
      pendingBlank = out.length > 0;
      continue;
    }
    const cuts: Array<{ s: number; e: number; reason: string }> = [];
    if (l.text.indexOf('(') >= 0 || l.text.indexOf('（') >= 0) {
      PINYIN.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = PINYIN.exec(l.text)) !== null) {
        if (m.index > 0 && isHan(l.text.charCodeAt(m.index - 1)) && isPinyin(m[1] ?? '')) {
          cuts.push({ s: m.index, e: m.index + m[0].length, reason: 'pinyin' });
        }
      }
    }
    if (l.text.indexOf('【') >= 0 || l.text.indexOf('[') >= 0) {
      INLINE_WIDGET.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = INLINE_WIDGET.exec(l.text)) !== null) cuts.push({ s: m.index, e: m.index + m[0].length, reason: 'widget' });
    }
    let text = l.text;
    if (cuts.length > 0) {
      cuts.sort((a, b) => a.s - b.s);
      let built = '';
      let at = 0;
      for (const c of cuts) {
        if (c.s < at) continue;
        built += text.slice(at, c.s);
        removed.push({ start: l.start + c.s, end: l.start + c.e, reason: c.reason });
        at = c.e;
      }
      built += text.slice(at);
      text = built.trim();
      if (text.length === 0) continue;
    }
    if (pendingBlank) {
      out.push('');
      outNorm.push('');
    }
    pendingBlank = false;
    out.push(text);
    outNorm.push(cuts.length === 0 && l.norm !== null ? l.norm : matchForm(text));
  }
  removed.sort((a, b) => a.start - b.start);
  const text = out.join('\n');
  return {
    doc: { text, removed, flags: { lostCharacters: findLostCharacters(text) }, meta: { title, date, source } },
    norm: outNorm.join('\n'),
  };
}
