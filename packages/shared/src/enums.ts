/** Roles a user can be granted (DESIGN.md §2). */
export const ROLES = ['admin', 'supervisor', 'leader', 'liaison', 'deputy', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Kinds of data scope a grant can carry. `units` = the listed units, each with its subtree. */
export const SCOPE_KINDS = ['own', 'subtree', 'units', 'all'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/** Kinds of organisation unit. */
export const ORG_KINDS = ['province', 'city', 'district', 'street', 'department', 'other'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Chinese labels used in the UI, in Excel files and in error messages. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  supervisor: '督查人员',
  leader: '领导',
  liaison: '联络员',
  deputy: '代表委员',
  viewer: '只读用户',
};
export const SCOPE_LABELS: Record<ScopeKind, string> = {
  own: '本单位',
  subtree: '本单位及下级',
  units: '指定单位(含下级)',
  all: '全部',
};
export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  province: '省',
  city: '市',
  district: '县(市、区)',
  street: '乡镇(街道)',
  department: '部门',
  other: '其他',
};

/** Reverse lookup of an org kind from its Chinese label or code, for imports. */
export function parseOrgKind(value: string): OrgKind | undefined {
  const v = value.trim();
  if ((ORG_KINDS as readonly string[]).includes(v)) return v as OrgKind;
  const aliases: Record<string, OrgKind> = {
    省: 'province', 市: 'city', 县: 'district', 区: 'district', '县(市、区)': 'district', 县区: 'district',
    乡镇: 'street', 街道: 'street', 镇: 'street', 乡: 'street', '乡镇(街道)': 'street',
    部门: 'department', 单位: 'department', 其他: 'other',
  };
  return aliases[v];
}
