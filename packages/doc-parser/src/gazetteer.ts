import divisions from 'china-area-data/data.json' with { type: 'json' };
import { normalizeForMatch } from './convert.ts';

/**
 * The administrative divisions of China to county level (package china-area-data, GB/T 2260 codes),
 * with the short forms people write (江苏, 巴彦淖尔), the large regions (华东, 长三角) and the
 * provinces' one-character names for 鲁西 / 苏北-style areas. Built once, on first use.
 */
export interface Gazetteer {
  /** Every known name (full and short), keyed by its first two characters' codes. */
  byPrefix: Map<number, string[]>;
  /** Full names of provinces, cities and counties (江苏省, 铜川市, 印台区). */
  full: Set<string>;
  /** Short names of provinces and prefecture-level cities (江苏, 巴彦淖尔). */
  short: Set<string>;
  /** 1 for each character code that opens a known name: most characters open none. */
  opens: Uint8Array;
  /** 1 for each character code that is the second of a known name, so most lookups end before the map. */
  seconds: Uint8Array;
}

// Code → (child code → name); the root is "86".
type Codes = Record<string, Record<string, string>>;

// Short forms that are also everyday words: never read alone as a place.
const SHORT_STOP = new Set(['白银', '来宾', '长治', '普洱', '吉安', '平安', '中山', '大同', '黄山', '白山', '兴安', '海东', '海北', '黄南', '和田', '阿里', '玉树', '果洛']);

// 壮族自治区 / 土家族苗族自治州 / 地区 / 盟: the part a person writes alone.
const PROVINCE_TAIL = /(?:省|市|(?:壮族|回族|维吾尔)?自治区|特别行政区)$/;
const CITY_TAIL = /(?:(?:[\u4e00-\u9fff]{1,5}?族)*自治州|地区|盟|市)$/;

const REGIONS = [
  '华东', '华南', '华北', '华中', '西南地区', '西北地区', '东北地区', '长三角', '珠三角', '京津冀', '粤港澳大湾区', '大湾区',
  '长江三角洲', '珠江三角洲', '成渝地区', '成渝', '关中平原', '中原地区', '环渤海', '北部湾', '海峡西岸', '长江经济带', '黄河流域',
];
// One-character province names that open a 鲁西 / 苏北 / 皖南-style area.
export const PROVINCE_ABBREVIATIONS = '鲁苏浙皖豫冀晋陕川黔滇桂粤闽赣湘鄂辽蒙';

// County-level names that are also common nouns (城区, 郊区, 矿区 …).
const GENERIC_AREA = /^(?:市辖区|城区|郊区|矿区|东区|西区|南区|北区|中区|市中区|新区|高新区|开发区)$/;

let built: Gazetteer | null = null;

function add(g: Gazetteer, name: string): void {
  if (name.length < 2) return;
  g.opens[name.charCodeAt(0)] = 1;
  g.seconds[name.charCodeAt(1)] = 1;
  const key = name.charCodeAt(0) * 65536 + name.charCodeAt(1);
  const list = g.byPrefix.get(key);
  if (!list) g.byPrefix.set(key, [name]);
  else if (!list.includes(name)) list.push(name);
}

export function gazetteer(): Gazetteer {
  if (built) return built;
  const g: Gazetteer = { byPrefix: new Map(), full: new Set(), short: new Set(), opens: new Uint8Array(65536), seconds: new Uint8Array(65536) };
  const addFull = (name: string): void => {
    g.full.add(name);
    add(g, name);
  };
  const addShort = (name: string): void => {
    if (name.length < 2 || SHORT_STOP.has(name)) return;
    g.short.add(name);
    add(g, name);
  };
  const codes = divisions as Codes;
  for (const [provinceCode, provinceRaw] of Object.entries(codes['86'] ?? {})) {
    // Hong Kong, Macao and Taiwan are written in Traditional characters there; the rest is Simplified.
    const form = /^(?:71|81|82)/.test(provinceCode) ? normalizeForMatch : (name: string) => name;
    const province = form(provinceRaw);
    addFull(province);
    addShort(province.replace(PROVINCE_TAIL, ''));
    for (const [cityCode, cityRaw] of Object.entries(codes[provinceCode] ?? {})) {
      const city = form(cityRaw);
      // 市辖区, 县 and 省直辖县级行政区划 are groupings, not names.
      if (!/^(?:市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(city)) {
        addFull(city);
        if (CITY_TAIL.test(city)) addShort(city.replace(CITY_TAIL, ''));
      }
      for (const areaRaw of Object.values(codes[cityCode] ?? {})) {
        const area = form(areaRaw);
        if (/(?:区|县|市|旗)$/.test(area) && area.length >= 2 && !GENERIC_AREA.test(area)) addFull(area);
      }
    }
  }
  for (const r of REGIONS) {
    g.full.add(r);
    add(g, r);
  }
  // Longest first, so a lookup finds 铜川市 before 铜川.
  for (const list of g.byPrefix.values()) list.sort((x, y) => y.length - x.length);
  built = g;
  return g;
}

/** The longest known place name starting at `at` in the match form, or null. */
export function placeNameAt(norm: string, at: number): string | null {
  if (at + 1 >= norm.length) return null;
  const g = built ?? gazetteer();
  const first = norm.charCodeAt(at);
  const second = norm.charCodeAt(at + 1);
  if (g.opens[first] !== 1 || g.seconds[second] !== 1) return null;
  const list = g.byPrefix.get(first * 65536 + second);
  if (!list) return null;
  for (const name of list) if (norm.startsWith(name, at)) return name;
  return null;
}
