import { gazetteer, placeNameAt, PROVINCE_ABBREVIATIONS } from './gazetteer.ts';
import { charClassTest, codeTable, isHan } from './text.ts';
import type { NameWhy } from './types.ts';

/** A name found at [at, at+len) of the match form, with the rule that found it. */
export interface FoundName {
  at: number;
  len: number;
  why: NameWhy;
}

/** Told of a candidate the rules turned down, with the reason, so a mistake can be explained (logged at debug level). */
export type RejectHook = (r: { kind: 'person' | 'place' | 'organization' | 'figure'; at: number; len: number; reason: string }) => void;

const SURNAMES = new Set(
  ('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝习储谈练储糜盖逯阚揭惠晋楼荆蔺浦尉郁银')
    .split(''),
);
const DOUBLE_SURNAMES = new Set(['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '令狐', '慕容', '夏侯', '尉迟', '公孙', '长孙', '宇文', '司徒']);
const TITLES = /(?:总书记|副书记|书记|副市长|市长|副区长|区长|副县长|县长|副省长|省长|副镇长|镇长|副乡长|乡长|副主任|主任|副主席|主席|副部长|部长|副局长|局长|副厅长|厅长|院长|秘书长|常委|董事长|总经理|人大代表|代表|委员|副总理|总理|组长|处长|行长|校长|政委|主任委员|负责人|领导|责任编辑|编辑|记者|通讯员|主持人)[:]?/g;
const FOLLOW = /^(?:同志(?!们)|[,，、。;；:：\s)）”"]|强调|指出|要求|传达|表示|主持|出席|讲话|来到|在|等|说|参加|带队|一行|调研|率队|对|介绍|汇报|作|和|与|及|同|陪同|会见|主讲|宣读|通报|部署|听取|深入|前往|赴|到|提出|希望|认为|代表|现场|先后|坚决|亲自|多次|专门|作出|批示|高度|$)/;
const FOLLOW_START = '在对和与同作说等到赴及陪代先';
const NAME_STOP = /[的了是在和与及对把将为到等要们我你他她它这那各全本该其此每有之所而且即并、市区县省委会党府局厅部办院组记席员书]/;

// After a listed name: the next 、, the list's end or what the people did.
const LIST_END = /^(?:、|,|。|;|等|参加|出席|陪同|列席|同志|和|及|$)/;
// Words before 同志 that are not a name: 广大同志, 老同志, 各位同志.
const COMRADE_STOP = /[广老各位新年轻女男好们]/;
const isNameStop = charClassTest(NAME_STOP);
const isComradeStop = charClassTest(COMRADE_STOP);

function nameAt(norm: string, at: number, len: number): boolean {
  if (at < 0 || at + len > norm.length) return false;
  for (let k = 0; k < len; k++) if (!isHan(norm.charCodeAt(at + k))) return false;
  const two = norm.slice(at, at + 2);
  if (!SURNAMES.has(norm[at] ?? '') && !(len >= 3 && DOUBLE_SURNAMES.has(two))) return false;
  // Given-name characters that are really grammar or titles mean we cut in the wrong place.
  for (let k = 1; k < len; k++) if (isNameStop(norm.charCodeAt(at + k))) return false;
  return true;
}

/** People named in a line: 职务+姓名 (书记李小敏), 姓名+同志 (not 同志们), 姓名+总书记. */
export function findPeople(norm: string, a: number, b: number): FoundName[] {
  const out: FoundName[] = [];
  const line = norm.slice(a, b);
  TITLES.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TITLES.exec(line)) !== null) {
    let at = m.index + m[0].length;
    while (line[at] === ' ') at++;
    let chosen = 0;
    for (const len of [3, 2]) {
      if (!nameAt(line, at, len)) continue;
      if (!FOLLOW.test(line.slice(at + len, at + len + 4))) continue;
      // 领导明确…: after 领导 only a listed name (领导张三、李四) is a person.
      if (m[0].startsWith('领导') && (!LIST_END.test(line.slice(at + len, at + len + 2)) || !(m[0].endsWith(':') || /(?:[市县区局省镇乡委办旗]|负责)$/.test(line.slice(Math.max(0, m.index - 2), m.index))))) continue;
      if (len === 3 && FOLLOW_START.includes(line[at + 2] ?? '') && nameAt(line, at, 2) && FOLLOW.test(line.slice(at + 2, at + 6))) continue;
      chosen = len;
      break;
    }
    // 记者 李 丹: a two-character name written with a space.
    if (chosen === 0 && /(?:记者|编辑)$/.test(m[0]) && line[at + 1] === ' ' && nameAt(line, at, 1) && isHan(line.charCodeAt(at + 2)) && !isHan(line.charCodeAt(at + 3))) {
      out.push({ at: a + at, len: 3, why: { rule: 'title', cue: m[0].replace(/:$/, '') } });
      continue;
    }
    if (chosen > 0) {
      out.push({ at: a + at, len: chosen, why: { rule: 'title', cue: m[0].replace(/:$/, '') } });
      // 市领导张旋宇、郭建民、陈秀兴: the names listed after the first.
      let next = at + chosen;
      while (line[next] === '、') {
        let len = 0;
        for (const l of [3, 2]) {
          if (nameAt(line, next + 1, l) && LIST_END.test(line.slice(next + 1 + l, next + 3 + l))) {
            len = l;
            break;
          }
        }
        if (len === 0) break;
        out.push({ at: a + next + 1, len, why: { rule: 'listed', cue: m[0].replace(/:$/, '') } });
        next += 1 + len;
      }
    }
  }
  // 。海涛同志对…: a name alone between a clause's start and 同志, even without a known surname.
  for (let i = line.indexOf('同志'); i >= 0; i = line.indexOf('同志', i + 2)) {
    if (line[i + 2] === '们') continue;
    for (const len of [2, 3]) {
      const at = i - len;
      if (at < 0) break;
      const before = at > 0 ? line.charCodeAt(at - 1) : 0;
      if (at > 0 && isHan(before)) continue;
      let ok = true;
      for (let k = 0; k < len; k++) if (!isHan(line.charCodeAt(at + k)) || isNameStop(line.charCodeAt(at + k)) || isComradeStop(line.charCodeAt(at + k))) ok = false;
      if (ok && !nameAt(line, at, len)) out.push({ at: a + at, len, why: { rule: 'comrade', cue: '同志' } });
      if (ok) break;
    }
  }
  for (const suffix of ['同志', '总书记']) {
    let i = line.indexOf(suffix);
    while (i >= 0) {
      if (!(suffix === '同志' && line[i + 2] === '们')) {
        for (const len of [3, 2]) {
          const at = i - len;
          if (!nameAt(line, at, len)) continue;
          const before = at > 0 ? line.charCodeAt(at - 1) : 0;
          // The character before a name is punctuation, a title or a function word, never the name's middle.
          if (suffix === '同志' && len === 2 && isHan(before) && nameAt(line, at - 1, 3) && !/[的和与、请由向对把为给是让记长任席]/.test(line[at - 1] ?? '')) continue;
          out.push({ at: a + at, len, why: { rule: suffix === '同志' ? 'comrade' : 'title', cue: suffix } });
          break;
        }
      }
      i = line.indexOf(suffix, i + suffix.length);
    }
  }
  return out;
}

// Zones, parks and towns are not in the gazetteer: they are found by their suffix.
const PLACE_SUFFIXES = ['经济技术开发区', '高新技术产业开发区', '经济开发区', '开发区', '高新区', '经开区', '新区', '产业园区', '工业园区', '产业园', '工业园', '物流园', '科技园', '示范区', '试验区', '自贸区', '保税区', '街道', '镇', '乡'];
// Bare zone words people write alone for their own zone (高新区, 示范区).
const BARE_ZONE = /^(?:高新区|经开区|开发区|示范区|新区)$/;
// A short place name (江苏, 巴彦淖尔) stands alone only between these: 对甘肃重要讲话, 鲁西大地.
const SHORT_BEFORE = /[在对与和及赴到从至向为是的把于了同跟给、,;:“"(《]/;
const SHORT_AFTER = /[、和与及等的大重人经发全地各籍一两是在时方段境内外省市区县,;:。”")》]/;
const PLACE_STOP = /[的了在和与及对把将为到从向是等并或就也都要以于由被让使给着过们各全我本该这那其此每有之所而且即、省市区县镇乡村一二三四五六七八九十两百千万个批座家型\s]/;
const isPlaceStop = charClassTest(PLACE_STOP);
const BAD_BEFORE: Record<string, RegExp> = {
  市: /[城都超股上开闹强大门夜集菜早楼车债房全直地级县区省]$/,
  省: /[大强节反外分全]$/,
  县: /[郡区市全强大]$/,
  区: /[地城市山灾郊片校厂小辖湾能范护贸验行聚心老牧林误禁盲专分社景街矿战商试保功创核示带域集园新]$/,
  镇: /[城乡市重坐古名小强集]$/,
  乡: /[城家故下回老他异返思水梦同]$/,
  村: /[农乡新山渔牧城小美丽寨庄]$/,
  街道: /[主大]$/,
};
const BAD_AFTER: Record<string, RegExp> = {
  市: /^[场民容值政面级井貌况价情]/,
  区: /^[域别分块位划间级]/,
  县: /^[级域城]/,
  省: /^[级份心力]/,
  镇: /^[级压定]/,
  乡: /^[村镇土情愁亲下间]/,
  村: /^[级民庄落]/,
};
const GENERIC_PLACE_NAME = /^(?:高科技|科技|工业|产业|经济|经济技术|高新技术|现代农业|物流|创新|示范|特色|综合保税|国家级|省级|农业|文化|生态|自贸|自由贸易|先行|功能|核心|中心|重点|城乡|区域|地方|当地|所在|周边|重要|新兴|旅游|商业|居民|城镇|农村|中小|特大|超大|大中|中等)$/;
const VERB_PREFIX = /^(?:调研|听取|落实|聚焦|找准|发挥|扛起|认真|贯彻|不折不扣|进一步|步|深入|前往|视察|考察|走进|推进|建设|打造|位于|来自|覆盖|包括|召开|举办|落户|支持|服务|对接|联动|学习|指导|推动|加快|全面|看望|慰问|走访|接轨|融入|辐射|带动|做强|建好|用好|发展|作为|成为|争当|当好)/;

function placeSuffixAt(norm: string, end: number): string | null {
  for (const s of PLACE_SUFFIXES) if (norm.startsWith(s, end - s.length)) return s;
  return null;
}

const PLACE_FINAL = codeTable('区园镇乡道');
const PROVINCE_ABBREVIATION_CODES = codeTable(PROVINCE_ABBREVIATIONS);
const VERB_INSIDE = /(?:修编|推进|培育|加强|修编|建设|打造|发展|提升|完善|做强|壮大|加快|支持|引导|新建|规划|谋划|申报|创建|争创|依托|围绕|入驻|进驻|落户|建成|用好|管好)/g;
const GENERIC_PLACE_TAIL = /(?:中心|建制|重点|特色|小城)$/;

/** Places named in a line: the gazetteer's divisions and regions, 鲁西-style areas, and zones, parks and towns by suffix. */
export function findPlaces(norm: string, a: number, b: number, reject?: RejectHook): FoundName[] {
  const out: FoundName[] = [];
  const g = gazetteer();
  let lastEnd = -1;
  for (let i = a; i < b - 1; i++) {
    const code = norm.charCodeAt(i);
    if (!isHan(code)) continue;
    const name = placeNameAt(norm, i);
    if (name && i + name.length <= b) {
      const end = i + name.length;
      const before = i > a ? (norm[i - 1] ?? '') : '';
      const after = end < b ? (norm[end] ?? '') : '';
      const bounded = before === '' || !isHan(before.charCodeAt(0)) || SHORT_BEFORE.test(before) || lastEnd === i;
      const short = g.short.has(name) && !g.full.has(name);
      // A short or two-character name is only a place where it cannot be part of a word (确保定期, 和县直).
      const ok = short ? bounded && (after === '' || !isHan(after.charCodeAt(0)) || SHORT_AFTER.test(after)) : name.length > 2 || bounded;
      if (!ok) reject?.({ kind: 'place', at: i, len: name.length, reason: 'part-of-word' });
      if (ok) {
        out.push({ at: i, len: name.length, why: { rule: 'gazetteer', cue: null } });
        lastEnd = end;
        i = end - 1;
        continue;
      }
    }
    // 鲁西, 苏北, 皖南: a province's one-character name and a direction.
    if (PROVINCE_ABBREVIATION_CODES[code] === 1 && /[东西南北中]/.test(norm[i + 1] ?? '')) {
      const before = i > a ? (norm[i - 1] ?? '') : '';
      const after = norm[i + 2] ?? '';
      if ((before === '' || !isHan(before.charCodeAt(0)) || SHORT_BEFORE.test(before)) && /^(?:大地|地区|片区|一带|各地|、|$)/.test(norm.slice(i + 2, i + 4) || after)) {
        out.push({ at: i, len: 2, why: { rule: 'area', cue: norm[i] ?? null } });
        i += 1;
        continue;
      }
    }
  }
  // Zones, parks and towns, by suffix.
  const firstPass = out.length;
  let known = 0;
  for (let i = a; i < b; i++) {
    if (PLACE_FINAL[norm.charCodeAt(i)] !== 1) continue;
    const end = i + 1;
    const suffix = placeSuffixAt(norm, end);
    if (!suffix) continue;
    const sStart = end - suffix.length;
    // Already inside a division found above (the first pass's names are in order and apart).
    while (known < firstPass && (out[known]?.at ?? 0) + (out[known]?.len ?? 0) < end) known++;
    const cover = known < firstPass ? out[known] : undefined;
    if (cover && cover.at < end && cover.at + cover.len >= end) continue;
    const maxName = suffix.length >= 2 ? 6 : 4;
    let k = sStart;
    while (k > a && sStart - k < maxName && isHan(norm.charCodeAt(k - 1)) && !isPlaceStop(norm.charCodeAt(k - 1))) k--;
    // A known place right before the suffix opens the name (瓯海区泽雅镇 stays two names, merged below).
    for (let p = k; p < sStart; p++) {
      const known = placeNameAt(norm, p);
      if (known && p + known.length === sStart) break;
      if (known && p + known.length < sStart) {
        k = p + known.length;
        break;
      }
    }
    let name = norm.slice(k, sStart);
    // 加快推进新材料产业园: the name starts after the last verb before the suffix.
    let lastVerb = -1;
    VERB_INSIDE.lastIndex = 0;
    for (let vm = VERB_INSIDE.exec(name); vm; vm = VERB_INSIDE.exec(name)) lastVerb = vm.index + vm[0].length;
    if (lastVerb > 0 && name.length - lastVerb >= 2) {
      k += lastVerb;
      name = name.slice(lastVerb);
    }
    const verb = name.length >= 3 ? VERB_PREFIX.exec(name) : null;
    if (verb) {
      k += verb[0].length;
      name = name.slice(verb[0].length);
    } else if (name.length >= 3 && suffix.length === 1) {
      const bounded = k === a || !isHan(norm.charCodeAt(k - 1)) || isPlaceStop(norm.charCodeAt(k - 1));
      if (!bounded || sStart - k >= maxName) {
        k = sStart - 2;
        name = norm.slice(k, sStart);
      }
    }
    if (name.length === 0 && suffix.length >= 2 && BARE_ZONE.test(suffix)) {
      const before = sStart > a ? (norm[sStart - 1] ?? '') : '';
      if (before === '' || !isHan(before.charCodeAt(0)) || /[县市区省、和与及]/.test(before)) out.push({ at: sStart, len: suffix.length, why: { rule: 'zone', cue: suffix } });
      continue;
    }
    if (name.length < 2) continue;
    if (GENERIC_PLACE_NAME.test(name) || VERB_PREFIX.test(name) || GENERIC_PLACE_TAIL.test(name)) {
      reject?.({ kind: 'place', at: k, len: end - k, reason: 'generic-name' });
      continue;
    }
    // 修编经济开发区: a verb, not a name, before the suffix.
    VERB_INSIDE.lastIndex = 0;
    const whole = VERB_INSIDE.exec(name);
    if (whole && whole.index === 0 && whole[0].length === name.length) {
      reject?.({ kind: 'place', at: k, len: end - k, reason: 'verb-before-suffix' });
      continue;
    }
    const key = suffix.length === 1 || suffix === '街道' ? suffix : '';
    const after = norm.slice(end, end + 2);
    if (key && (BAD_BEFORE[key]?.test(name) || BAD_AFTER[key]?.test(after))) {
      reject?.({ kind: 'place', at: k, len: end - k, reason: 'common-word' });
      continue;
    }
    out.push({ at: k, len: end - k, why: { rule: 'suffix', cue: suffix } });
  }
  out.sort((x, y) => x.at - y.at);
  // 陕西省铜川市印台区, 鹿城区藤桥镇: adjacent names are one place, written in full.
  const merged: FoundName[] = [];
  for (const o of out) {
    const last = merged[merged.length - 1];
    if (last && o.at === last.at + last.len) {
      last.len += o.len;
      if (o.why.rule === 'gazetteer') last.why = o.why;
    } else if (!last || o.at >= last.at + last.len) merged.push({ ...o });
  }
  return merged;
}

const ORG_SUFFIXES = [
  '人大常委会', '常委会', '委员会', '管委会', '党工委', '工委', '党委', '纪委', '人民政府', '政府', '人大', '政协', '办公室', '办公厅',
  '领导小组', '指挥部', '事务所', '研究院', '研究所', '研究中心', '服务中心', '中心', '集团', '有限公司', '公司', '银行', '协会', '商会',
  '学会', '联合会', '基金会', '大学', '学院', '学校', '医院', '法院', '检察院', '巡视组', '巡察组', '督查组', '工作组', '协调组', '专班',
  '海关', '人行', '电视台', '报社', '委', '办', '局', '厅', '院', '部', '科',
];
// The suffixes by their last character, in ORG_SUFFIXES' order (longest forms first).
const SUFFIXES_BY_FINAL = new Map<number, string[]>();
for (const s of ORG_SUFFIXES) {
  const code = s.charCodeAt(s.length - 1);
  SUFFIXES_BY_FINAL.set(code, [...(SUFFIXES_BY_FINAL.get(code) ?? []), s]);
}
const STRONG_ORG = /(?:领导小组|指挥部|巡视组|巡察组|集团|公司|银行|协会|商会|学会|联合会|基金会|大学|学院|医院|事务所|研究院|研究所|研究中心)$/;
const ORG_FINAL_CODES = codeTable('会委府大协室厅组部所院心团司行学校办局班关台社科');
const LEVEL_PREFIX = /^(?:自治区|国家|中央|中共|全国|省|市|区|县|镇|乡|州)/;
const ORG_STOP = /[的了在和与及对把将为到从向是等并或就也都要以于由被让使给着过们各全我本该这那其此每有之所而且即、\s]/;
const isOrgStop = charClassTest(ORG_STOP);
// Words ending in a body suffix that are not bodies: 干部, 大局, 督办, 常委 (a title), 庭院.
const BAD_BEFORE_ORG: Record<string, RegExp> = {
  委: /[常编]$/,
  办: /[怎督会承主举创开兴代帮包协交申领查合民公操置筹难好照速快要去来可能该得就再都严从]$/,
  局: /[大全格布开结当时僵残赌饭骗变]$/,
  部: /[干全内外局东西南北中腹头底顶背根总本基乐分细面胸脑尾足口颈肩腰俱]$/,
  院: /[庭影剧寺书大别场]$/,
  厅: /[大餐客展舞歌乐]$/,
  科: /[学本专工文内外牙眼儿妇骨分百]$/,
};
const BAD_AFTER_ORG: Record<string, RegExp> = {
  委: /^[托屈婉员]/,
  办: /^[法理事好成实结案学公]/,
  局: /^[面势部限]/,
  部: /^[署分门位件落队]/,
  院: /^[士落子]/,
  厅: /^[堂]/,
  科: /^[学技研普目室级长员]/,
};
const GENERIC_MIDDLE = /^(?:党委|委|党工委|人大|政协|人民|党|区|市|县|省|委区|委市)?$/;
// Suffixes that name one body even right after a level (市电视台, 滁州海关).
const SPECIFIC_SUFFIX = /^(?:海关|人行|电视台|报社|法院|检察院)$/;
const LISTED_SECTION = /^(?:科|中心|服务中心|研究中心|站|所|组|工作组|协调组|办公室)$/;
const LEAD_WORD = /^(?:按照|根据|依照|依据|经|由|请|向|会同|联合|配合|协同|督促|指导|支持|以下简称|简称|报送|报|提请|商请)$/;
const DEICTIC_BODY = /(?:中共)?(?:自治区|省|市|县|区|旗|州|盟|镇|乡)(?:党委|纪委监委|纪委|人大常委会|人大|政协|人民政府|政府|zf|委)(?![员会托屈婉])/g;
// A body right before a title is part of the title (市委书记, 区委常委、副区长), not a body named on its own.
const JOB_TITLE_AFTER = /^(?:常务副|副)?(?:书记|常委|委员|主任|局长|市长|区长|县长|旗长|省长|镇长|乡长|秘书长|部长|主席|厅长|组长)/;

function inJobTitle(norm: string, end: number, b: number): boolean {
  return JOB_TITLE_AFTER.test(norm.slice(end, Math.min(b, end + 6)));
}

const NATIONAL = /党中央|国务院|全国人大|全国政协|中央军委|中央纪委|国家发展改革委/g;

/** The document's place names, by first and by last character, built once per list. */
interface PlaceIndex {
  byFirst: Map<number, string[]>;
  endings: Set<number>;
  all: string[];
}
const placeIndexes = new WeakMap<string[], PlaceIndex>();

function placeIndex(names: string[]): PlaceIndex {
  let idx = placeIndexes.get(names);
  if (idx) return idx;
  idx = { byFirst: new Map(), endings: new Set(), all: names.filter((n) => n.length > 0) };
  for (const n of idx.all) {
    const code = n.charCodeAt(0);
    idx.byFirst.set(code, [...(idx.byFirst.get(code) ?? []), n].sort((x, y) => y.length - x.length));
    idx.endings.add(n.charCodeAt(n.length - 1));
  }
  placeIndexes.set(names, idx);
  return idx;
}

/** The longest of the document's places that starts at `at` and ends by `limit`, if any. */
function placeAt(idx: PlaceIndex, norm: string, at: number, limit: number): string | undefined {
  for (const n of idx.byFirst.get(norm.charCodeAt(at)) ?? []) if (at + n.length <= limit && norm.startsWith(n, at)) return n;
  return undefined;
}

/** Whether one of the document's places ends right before `end`. */
function placeEndingAt(idx: PlaceIndex, norm: string, end: number): boolean {
  return idx.all.some((n) => n.length <= end && norm.startsWith(n, end - n.length));
}

/** Organisations named in a line (委/办/局/厅/院/中心/集团/公司/银行/协会/大学/部 …), given the document's places. */
export function findOrganizations(norm: string, a: number, b: number, placeNames: string[], reject?: RejectHook): FoundName[] {
  const places = placeIndex(placeNames);
  const found: FoundName[] = [];
  NATIONAL.lastIndex = 0;
  const line = norm.slice(a, b);
  let nm: RegExpExecArray | null;
  while ((nm = NATIONAL.exec(line)) !== null) found.push({ at: a + nm.index, len: nm[0].length, why: { rule: 'national', cue: null } });
  for (let i = a; i < b; i++) {
    if (ORG_FINAL_CODES[norm.charCodeAt(i)] !== 1) continue;
    const end = i + 1;
    let suffix: string | null = null;
    for (const s of SUFFIXES_BY_FINAL.get(norm.charCodeAt(i)) ?? []) {
      if (s.length <= end - a && norm.startsWith(s, end - s.length)) {
        suffix = s;
        break;
      }
    }
    if (!suffix) continue;
    const sStart = end - suffix.length;
    const single = suffix.length === 1;
    if (single && BAD_AFTER_ORG[suffix]?.test(norm.slice(end, end + 1))) continue;
    if (single && BAD_BEFORE_ORG[suffix]?.test(norm.slice(Math.max(a, sStart - 2), sStart))) continue;
    if (suffix === '人大' && norm.startsWith('代表', end) === false && norm.startsWith('常委', end)) continue;
    let k = sStart;
    while (k > a && sStart - k < 12 && isHan(norm.charCodeAt(k - 1)) && (!isOrgStop(norm.charCodeAt(k - 1)) || (norm[k - 1] === '全' && norm[k - 2] === '安'))) {
      // 新吴区委区政府 is two bodies: a level character right after 委 starts the next one.
      if (norm[k - 1] === '委' && '市区县省镇乡'.includes(norm[k] ?? '') && k < sStart) break;
      k--;
    }
    // 县发展和改革局, 住房和城乡建设局: a 和 inside a body's name, when a level or place opens the part before it.
    if (k > a + 2 && (norm[k - 1] === '和' || norm[k - 1] === '与') && sStart - k <= 8) {
      let p = k - 1;
      while (p > a && k - 1 - p < 8 && isHan(norm.charCodeAt(p - 1)) && !isOrgStop(norm.charCodeAt(p - 1))) p--;
      for (let q = p; q < k - 2; q++) {
        const part = norm.slice(q, k - 1);
        const opens = LEVEL_PREFIX.test(part) || placeAt(places, norm, q, k - 1) !== undefined;
        if (opens && !/(?:委|府|局|厅|办|院|部|室|会|心)$/.test(part)) {
          k = q;
          break;
        }
      }
    }
    let start = -1;
    for (let p = k; p < sStart; p++) {
      const rest = norm.slice(p, sStart);
      if (VERB_PREFIX.test(rest) && p === k) continue;
      // A level character only opens a name at the start of the run (开发区管委会 is not 区管委会).
      // …or right after a verb that introduces a body (按照自治区生态环境厅, 以下简称县指挥办).
      const levelOpens = LEVEL_PREFIX.test(rest) && (p === k || LEAD_WORD.test(norm.slice(k, p)));
      if (levelOpens || placeAt(places, norm, p, sStart) !== undefined) {
        start = p;
        break;
      }
    }
    // 政策法规科、建筑市场监管科、安质中心等: a list of named sections needs no level before each.
    if (start < 0 && LISTED_SECTION.test(suffix) && sStart - k >= 2 && (k === a || /[、,:;\s]/.test(norm[k - 1] ?? '')) && /^(?:[、,;。等和]|$)/.test(norm.slice(end, end + 1))) {
      const listed = (norm[k - 1] === '、' || norm[end] === '、');
      if (listed && !VERB_PREFIX.test(norm.slice(k, sStart))) start = k;
    }
    if (start < 0) {
      if (!STRONG_ORG.test(suffix) || sStart - k < 2) continue;
      start = k;
      for (let guard = 0; guard < 4; guard++) {
        const verb = VERB_PREFIX.exec(norm.slice(start, sStart));
        if (!verb) break;
        start += verb[0].length;
      }
      if (sStart - start < 2) continue;
    }
    // Strip the level or place prefix to see whether anything specific remains (市委, 区政府 are deictic).
    let middle = norm.slice(start, sStart);
    const place = placeAt(places, norm, start, sStart);
    const viaPlace = place !== undefined;
    if (place) middle = middle.slice(place.length);
    else middle = middle.replace(LEVEL_PREFIX, '');
    if (!viaPlace && GENERIC_MIDDLE.test(middle) && !SPECIFIC_SUFFIX.test(suffix)) continue;
    // 县级工作专班, 市级部门: a level, not a body.
    if (middle.startsWith('级')) continue;
    if (viaPlace && single && middle.length === 0 && suffix !== '委') continue;
    // 县十八届人大四次会议 names a meeting; 科 and 组 need a specific name before them.
    if (middle.includes('届')) {
      reject?.({ kind: 'organization', at: start, len: end - start, reason: 'session-of-a-meeting' });
      continue;
    }
    if ((suffix === '科' || suffix.endsWith('组')) && middle.length < 2) continue;
    if (inJobTitle(norm, end, b)) {
      reject?.({ kind: 'organization', at: start, len: end - start, reason: 'inside-job-title' });
      continue;
    }
    found.push({ at: start, len: end - start, why: { rule: viaPlace ? 'place-body' : start === k && LEVEL_PREFIX.test(norm.slice(start, sStart + 1)) ? 'level-body' : 'suffix', cue: suffix } });
  }
  // 市委, 县政府, 自治区党委: a level and a body, written for the document's own city or county.
  DEICTIC_BODY.lastIndex = 0;
  let dm: RegExpExecArray | null;
  while ((dm = DEICTIC_BODY.exec(line)) !== null) {
    const at = a + dm.index;
    const end = at + dm[0].length;
    const before = dm.index > 0 ? (line[dm.index - 1] ?? '') : '';
    // 印台区委 / 金乡县政府 start with a place, found above; 各镇政府 names no one body.
    if (before && isHan(before.charCodeAt(0)) && (places.endings.has(norm.charCodeAt(at)) && placeEndingAt(places, norm, at + 1) || /[各诸全]/.test(before))) continue;
    if (inJobTitle(norm, end, b)) {
      reject?.({ kind: 'organization', at, len: end - at, reason: 'inside-job-title' });
      continue;
    }
    // 各县、市、区政府 / 各乡、镇人民政府: every body of those levels, not one.
    if (before === '、' && /[省市县区乡镇旗州]/.test(line[dm.index - 2] ?? '') && /[各、]/.test(line[dm.index - 3] ?? '')) {
      reject?.({ kind: 'organization', at, len: end - at, reason: 'every-body-of-a-level' });
      continue;
    }
    found.push({ at, len: end - at, why: { rule: 'level-body', cue: dm[0] } });
  }
  // Keep the longest of nested matches (新吴区人大常委会 over 新吴区人大).
  found.sort((x, y) => x.at - y.at || y.len - x.len);
  const out: FoundName[] = [];
  for (const f of found) {
    const last = out[out.length - 1];
    if (last && f.at >= last.at && f.at + f.len <= last.at + last.len) continue;
    if (last && f.at < last.at + last.len && f.at + f.len > last.at + last.len && f.at > last.at) {
      // Overlapping chains such as 党委政府: keep the earlier one.
      continue;
    }
    out.push(f);
  }
  return out;
}
