import { isHan } from './text.ts';

const SURNAMES = new Set(
  ('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝习储谈练储糜盖逯阚揭惠晋楼荆蔺浦尉郁银')
    .split(''),
);
const DOUBLE_SURNAMES = new Set(['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '令狐', '慕容', '夏侯', '尉迟', '公孙', '长孙', '宇文', '司徒']);
const TITLES = /(?:总书记|副书记|书记|副市长|市长|副区长|区长|副县长|县长|副省长|省长|副镇长|镇长|副乡长|乡长|副主任|主任|副主席|主席|副部长|部长|副局长|局长|副厅长|厅长|院长|秘书长|常委|董事长|总经理|人大代表|代表|委员|副总理|总理|组长|处长|行长|校长|政委|主任委员|负责人)/g;
const FOLLOW = /^(?:同志(?!们)|[,，、。;；:：\s)）”"]|强调|指出|要求|传达|表示|主持|出席|讲话|来到|在|等|说|参加|带队|一行|调研|率队|对|介绍|汇报|作|和|与|及|同|陪同|会见|主讲|宣读|通报|部署|听取|深入|前往|赴|到|提出|希望|认为|代表|现场|先后|$)/;
const FOLLOW_START = '在对和与同作说等到赴及陪代先';
const NAME_STOP = /[的了是在和与及对把将为到等要同们我你他她它这那各全本该其此每有之所而且即并、市区县省委会党府局厅部办院组记席员书]/;

function nameAt(norm: string, at: number, len: number): boolean {
  if (at < 0 || at + len > norm.length) return false;
  for (let k = 0; k < len; k++) if (!isHan(norm.charCodeAt(at + k))) return false;
  const two = norm.slice(at, at + 2);
  if (!SURNAMES.has(norm[at] ?? '') && !(len >= 3 && DOUBLE_SURNAMES.has(two))) return false;
  // Given-name characters that are really grammar or titles mean we cut in the wrong place.
  for (let k = 1; k < len; k++) if (NAME_STOP.test(norm[at + k] ?? '')) return false;
  return true;
}

/** People named in a line: 职务+姓名 (书记李小敏), 姓名+同志 (not 同志们), 姓名+总书记. */
export function findPeople(norm: string, a: number, b: number): Array<{ at: number; len: number }> {
  const out: Array<{ at: number; len: number }> = [];
  const line = norm.slice(a, b);
  TITLES.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TITLES.exec(line)) !== null) {
    const at = m.index + m[0].length;
    let chosen = 0;
    for (const len of [3, 2]) {
      if (!nameAt(line, at, len)) continue;
      if (!FOLLOW.test(line.slice(at + len, at + len + 4))) continue;
      if (len === 3 && FOLLOW_START.includes(line[at + 2] ?? '') && nameAt(line, at, 2) && FOLLOW.test(line.slice(at + 2, at + 6))) continue;
      chosen = len;
      break;
    }
    if (chosen > 0) out.push({ at: a + at, len: chosen });
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
          out.push({ at: a + at, len });
          break;
        }
      }
      i = line.indexOf(suffix, i + suffix.length);
    }
  }
  return out;
}

const PLACE_SUFFIXES = ['特别行政区', '自治区', '自治州', '自治县', '开发区', '高新区', '新区', '园区', '街道', '省', '市', '区', '县', '镇', '乡', '村'];
const PLACE_STOP = /[的了在和与及对把将为到从向是等并或就也都要以于由被让使给着过们各全我本该这那其此每有之所而且即、省市区县镇乡村一二三四五六七八九十两百千万\s]/;
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

const PLACE_FINAL = new Set([...'省市区县镇乡村道'].map((c) => c.charCodeAt(0)));
const PROVINCES = ['黑龙江', '内蒙古', '河北', '山西', '辽宁', '吉林', '江苏', '浙江', '安徽', '福建', '江西', '山东', '河南', '湖北', '湖南', '广东', '海南', '四川', '贵州', '云南', '陕西', '甘肃', '青海', '台湾', '广西壮族', '宁夏回族', '新疆维吾尔', '西藏', '广西', '宁夏', '新疆'];

/** Places named in a line: names ending in 省/市/区/县/镇/街道/乡/村/园区/开发区, never 我市/全市-style fragments. */
export function findPlaces(norm: string, a: number, b: number): Array<{ at: number; len: number }> {
  const out: Array<{ at: number; len: number }> = [];
  for (let i = a; i < b; i++) {
    if (!PLACE_FINAL.has(norm.charCodeAt(i))) continue;
    const end = i + 1;
    const suffix = placeSuffixAt(norm, end);
    if (!suffix) continue;
    const sStart = end - suffix.length;
    // Provinces and autonomous regions are a closed list; matching it avoids 落实省 / 聚焦省.
    if (suffix === '省' || suffix === '自治区' || suffix === '特别行政区') {
      const prov = PROVINCES.find((p) => sStart - p.length >= a && norm.startsWith(p, sStart - p.length));
      const sar = suffix === '特别行政区' && (norm.startsWith('香港', sStart - 2) || norm.startsWith('澳门', sStart - 2)) ? '香港' : undefined;
      const name = prov ?? sar;
      if (name) out.push({ at: sStart - name.length, len: end - sStart + name.length });
      continue;
    }
    const maxName = suffix.length >= 2 ? 6 : 4;
    let k = sStart;
    while (k > a && sStart - k < maxName && isHan(norm.charCodeAt(k - 1)) && !PLACE_STOP.test(norm[k - 1] ?? '')) k--;
    let name = norm.slice(k, sStart);
    const verb = name.length >= 3 ? VERB_PREFIX.exec(name) : null;
    if (verb) {
      k += verb[0].length;
      name = name.slice(verb[0].length);
    } else if (name.length >= 3) {
      // Only trust a long name when something marks where it starts (punctuation, 在/的…, line start);
      // otherwise the characters before are likely a verb phrase (听取新吴区), so keep the last two.
      const bounded = k === a || !isHan(norm.charCodeAt(k - 1)) || PLACE_STOP.test(norm[k - 1] ?? '');
      if (!bounded || sStart - k >= maxName) {
        k = sStart - 2;
        name = norm.slice(k, sStart);
      }
    }
    if (name.length < 2) continue;
    if (GENERIC_PLACE_NAME.test(name) || VERB_PREFIX.test(name)) continue;
    const key = suffix.length === 1 || suffix === '街道' ? suffix : '';
    if (key && BAD_BEFORE[key]?.test(name)) continue;
    const after = norm.slice(end, end + 2);
    if (key && BAD_AFTER[key]?.test(after)) continue;
    out.push({ at: k, len: end - k });
  }
  return out;
}

const ORG_SUFFIXES = [
  '人大常委会', '常委会', '委员会', '管委会', '党工委', '工委', '党委', '纪委', '人民政府', '政府', '人大', '政协', '办公室', '办公厅',
  '领导小组', '指挥部', '事务所', '研究院', '研究所', '研究中心', '服务中心', '中心', '集团', '有限公司', '公司', '银行', '协会', '商会',
  '学会', '联合会', '基金会', '大学', '学院', '学校', '医院', '法院', '检察院', '委', '办', '局', '厅', '院', '部',
];
const STRONG_ORG = /(?:集团|公司|银行|协会|商会|学会|联合会|基金会|大学|学院|医院|事务所|研究院|研究所|研究中心)$/;
const ORG_FINAL_CODES = new Set([...'会委府大协室厅组部所院心团司行学校办局'].map((c) => c.charCodeAt(0)));
const LEVEL_PREFIX = /^(?:自治区|国家|中央|中共|全国|省|市|区|县|镇|乡|州)/;
const ORG_STOP = /[的了在和与及对把将为到从向是等并或就也都要以于由被让使给着过们各全我本该这那其此每有之所而且即、\s]/;
// Words ending in a body suffix that are not bodies: 干部, 大局, 督办, 常委 (a title), 庭院.
const BAD_BEFORE_ORG: Record<string, RegExp> = {
  委: /[常编]$/,
  办: /[怎督会承主举创开兴代帮包协交申领查合民公操置筹难好照速快要去来可能该得就再都严从]$/,
  局: /[大全格布开结当时僵残赌饭骗变]$/,
  部: /[干全内外局东西南北中腹头底顶背根总本基乐分细面胸脑尾足口颈肩腰俱]$/,
  院: /[庭影剧寺书大别场]$/,
  厅: /[大餐客展舞歌乐]$/,
};
const BAD_AFTER_ORG: Record<string, RegExp> = {
  委: /^[托屈婉员]/,
  办: /^[法理事好成实结案学公]/,
  局: /^[面势部限]/,
  部: /^[署分门位件落队]/,
  院: /^[士落子]/,
  厅: /^[堂]/,
};
const GENERIC_MIDDLE = /^(?:党委|委|党工委|人大|政协|人民|党|区|市|县|省|委区|委市)?$/;
const NATIONAL = /党中央|国务院|全国人大|全国政协|中央军委|中央纪委|国家发展改革委/g;

/** Organisations named in a line (委/办/局/厅/院/中心/集团/公司/银行/协会/大学/部 …), given the document's places. */
export function findOrganizations(norm: string, a: number, b: number, placeNames: string[]): Array<{ at: number; len: number }> {
  const found: Array<{ at: number; len: number }> = [];
  NATIONAL.lastIndex = 0;
  const line = norm.slice(a, b);
  let nm: RegExpExecArray | null;
  while ((nm = NATIONAL.exec(line)) !== null) found.push({ at: a + nm.index, len: nm[0].length });
  for (let i = a; i < b; i++) {
    if (!ORG_FINAL_CODES.has(norm.charCodeAt(i))) continue;
    const end = i + 1;
    let suffix: string | null = null;
    for (const s of ORG_SUFFIXES) {
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
    while (k > a && sStart - k < 12 && isHan(norm.charCodeAt(k - 1)) && !ORG_STOP.test(norm[k - 1] ?? '')) {
      // 新吴区委区政府 is two bodies: a level character right after 委 starts the next one.
      if (norm[k - 1] === '委' && '市区县省镇乡'.includes(norm[k] ?? '') && k < sStart) break;
      k--;
    }
    let start = -1;
    for (let p = k; p < sStart; p++) {
      const rest = norm.slice(p, sStart);
      if (VERB_PREFIX.test(rest) && p === k) continue;
      // A level character only opens a name at the start of the run (开发区管委会 is not 区管委会).
      if ((p === k && LEVEL_PREFIX.test(rest)) || placeNames.some((pl) => pl.length > 0 && norm.startsWith(pl, p))) {
        start = p;
        break;
      }
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
    const place = placeNames.find((pl) => pl.length > 0 && middle.startsWith(pl));
    const viaPlace = place !== undefined;
    if (place) middle = middle.slice(place.length);
    else middle = middle.replace(LEVEL_PREFIX, '');
    if (!viaPlace && GENERIC_MIDDLE.test(middle)) continue;
    if (viaPlace && single && middle.length === 0 && suffix !== '委') continue;
    found.push({ at: start, len: end - start });
  }
  // Keep the longest of nested matches (新吴区人大常委会 over 新吴区人大).
  found.sort((x, y) => x.at - y.at || y.len - x.len);
  const out: Array<{ at: number; len: number }> = [];
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
