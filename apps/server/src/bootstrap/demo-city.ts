import type { OrgKind, Role, ScopeKind } from '@luoshi/shared';

/** A unit of the demo tree. */
export interface DemoUnit {
  code: string;
  name: string;
  shortName?: string;
  kind: OrgKind;
  children?: DemoUnit[];
}

/** The password of every demo account (not of the administrator); printed at start. */
export const DEMO_PASSWORD = 'Demo@2026';

const CITY_DEPARTMENTS: [string, string, string][] = [
  ['SW-BGS', '市委办公室', '市委办'],
  ['SZF-BGS', '市政府办公室', '市府办'],
  ['DCS', '市委市政府督查室', '督查室'],
  ['KHB', '市考核办', '考核办'],
  ['FGW', '市发展和改革委员会', '市发改委'],
  ['CZJ', '市财政局', '市财政局'],
  ['GXJ', '市工业和信息化局', '市工信局'],
  ['ZRZY', '市自然资源和规划局', '市资规局'],
  ['ZJJ', '市住房和城乡建设局', '市住建局'],
  ['JTJ', '市交通运输局', '市交通局'],
  ['SWJ', '市商务局', '市商务局'],
  ['STHJ', '市生态环境局', '市生态环境局'],
  ['JYJ', '市教育局', '市教育局'],
  ['WJW', '市卫生健康委员会', '市卫健委'],
  ['MZJ', '市民政局', '市民政局'],
];

const DISTRICTS: { code: string; name: string; kind: OrgKind; streets: string[] }[] = [
  { code: 'DC', name: '东城区', kind: 'district', streets: ['东华街道', '朝阳街道', '青年路街道'] },
  { code: 'XC', name: '西城区', kind: 'district', streets: ['西湖街道', '金桥街道', '花园街道'] },
  { code: 'NH', name: '南湖区', kind: 'district', streets: ['南湖街道', '湖滨街道', '新塘镇'] },
  { code: 'BS', name: '北山区', kind: 'district', streets: ['北山街道', '龙泉镇', '石门乡'] },
  { code: 'GX', name: '示范高新技术产业开发区', kind: 'district', streets: ['科创街道', '智谷街道'] },
  { code: 'LJ', name: '临江县', kind: 'district', streets: ['城关镇', '临江镇', '白沙镇'] },
];

const DISTRICT_DEPARTMENTS: [string, string][] = [
  ['BGS', '党政办公室'],
  ['FGJ', '发展和改革局'],
  ['CZJ', '财政局'],
  ['ZJJ', '住房和城乡建设局'],
];

function district(d: (typeof DISTRICTS)[number]): DemoUnit {
  const short = d.name.length > 4 ? '高新区' : d.name;
  return {
    code: `SFS-${d.code}`,
    name: d.name,
    shortName: short,
    kind: d.kind,
    children: [
      ...DISTRICT_DEPARTMENTS.map(([code, name]) => ({ code: `SFS-${d.code}-${code}`, name: `${short}${name}`, kind: 'department' as OrgKind })),
      ...d.streets.map((s, i) => ({ code: `SFS-${d.code}-J${String(i + 1).padStart(2, '0')}`, name: s, kind: 'street' as OrgKind })),
    ],
  };
}

/** 示范市: a fictional city, clearly marked as demo data, with 6 districts and about 60 units. */
export const DEMO_CITY: DemoUnit = {
  code: 'SFS',
  name: '示范市（演示数据）',
  shortName: '示范市',
  kind: 'city',
  children: [...CITY_DEPARTMENTS.map(([code, name, shortName]) => ({ code: `SFS-${code}`, name, shortName, kind: 'department' as OrgKind })), ...DISTRICTS.map(district)],
};

/** One demo account per role; liaisons A and B sit in different districts. */
export const DEMO_USERS: { username: string; displayName: string; unitCode: string; grants: { role: Role; scopeKind: ScopeKind; unitCodes?: string[] }[] }[] = [
  { username: 'supervisor', displayName: '督查室 王督查', unitCode: 'SFS-DCS', grants: [{ role: 'supervisor', scopeKind: 'all' }] },
  { username: 'leader', displayName: '李市长', unitCode: 'SFS-SZF-BGS', grants: [{ role: 'leader', scopeKind: 'all' }] },
  { username: 'liaison_dc', displayName: '东城区 张联络', unitCode: 'SFS-DC', grants: [{ role: 'liaison', scopeKind: 'subtree' }] },
  { username: 'liaison_xc', displayName: '西城区 赵联络', unitCode: 'SFS-XC', grants: [{ role: 'liaison', scopeKind: 'subtree' }] },
  { username: 'deputy', displayName: '陈代表', unitCode: 'SFS-NH', grants: [{ role: 'deputy', scopeKind: 'own' }] },
  { username: 'viewer', displayName: '刘观察', unitCode: 'SFS-FGW', grants: [{ role: 'viewer', scopeKind: 'own' }] },
  { username: 'admin_dc', displayName: '东城区 系统管理员', unitCode: 'SFS-DC', grants: [{ role: 'admin', scopeKind: 'subtree' }] },
];
