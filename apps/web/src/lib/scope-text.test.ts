import { describe, expect, it } from 'vitest';
import { scopeInChinese, scopeInEnglish } from './scope-text.ts';

describe('the data scope in words', () => {
  it('is English in the English interface, unit names kept', () => {
    expect(scopeInEnglish('全部单位')).toBe('All units');
    expect(scopeInEnglish('无')).toBe('None');
    expect(scopeInEnglish('东城区及下级单位')).toBe('东城区 and the units below');
    expect(scopeInEnglish('东城区及下级单位;市发改委(仅本单位)')).toBe('东城区 and the units below; 市发改委 (this unit only)');
  });
  it('uses full-width punctuation in Chinese', () => {
    expect(scopeInChinese('东城区及下级单位;市发改委(仅本单位)')).toBe('东城区及下级单位；市发改委（仅本单位）');
  });
});
