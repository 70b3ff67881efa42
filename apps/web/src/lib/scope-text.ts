/**
 * The data scope as the server describes it ("东城区及下级单位;西城区(仅本单位)", "全部单位") in English,
 * for the English interface. Unit names are proper names and stay as written.
 */
export function scopeInEnglish(description: string): string {
  if (description === '全部单位') return 'All units';
  if (description === '无') return 'None';
  return description
    .split(/[;；]/)
    .filter((p) => p.trim())
    .map((part) => {
      const s = part.trim();
      let m = /^(.+)及下级单位$/.exec(s);
      if (m) return `${m[1]} and the units below`;
      m = /^(.+)[(（]仅本单位[)）]$/.exec(s);
      if (m) return `${m[1]} (this unit only)`;
      return s;
    })
    .join('; ');
}

/** The same description with full-width punctuation for the Chinese interface. */
export function scopeInChinese(description: string): string {
  return description.replace(/\(仅本单位\)/g, '（仅本单位）').replace(/;/g, '；');
}
