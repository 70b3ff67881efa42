/** Amounts of the projects module are 万元: shown with thousands separators and up to two decimals. */
export function formatWan(value: number): string {
  return value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}

/** The share of this year's plan invested so far, 0–100 (0 without a plan). */
export function yearPercent(p: { yearPlanned: number; yearInvested: number }): number {
  return p.yearPlanned > 0 ? Math.min(100, Math.round((p.yearInvested / p.yearPlanned) * 100)) : 0;
}

