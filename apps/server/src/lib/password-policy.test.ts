import { describe, expect, it } from 'vitest';
import { generatePassword } from '../bootstrap/bootstrap.ts';
import { DEMO_PASSWORD } from '../bootstrap/demo-city.ts';
import { passwordRefusal } from './password-policy.ts';

describe('the password policy', () => {
  it('refuses common passwords that pass the character-class rule, with a Chinese reason', () => {
    for (const p of ['Password1', 'P@ssw0rd!', 'Qwerty@123', 'Welcome@1', 'Abc12345!']) expect(passwordRefusal(p, 'leader'), p).toMatch(/常见密码|容易被猜中/);
  });

  it('refuses a password containing the username, whatever the case', () => {
    expect(passwordRefusal('Leader#2027b', 'leader')).toBe('密码不能包含用户名');
    expect(passwordRefusal('xLIAISON_dc#9', 'liaison_dc')).toBe('密码不能包含用户名');
    expect(passwordRefusal('Harbor#2027b', 'leader')).toBeNull();
  });

  it('keeps the length and character-class rules', () => {
    expect(passwordRefusal('short', 'leader')).toMatch(/至少 8 位/);
    expect(passwordRefusal('alllowercase', 'leader')).toMatch(/三类/);
  });

  it('accepts passwords the tests and the journeys set, and every generated first administrator password', () => {
    for (const p of ['Temp#2026a', 'Temp#2026reset', 'Mine#2026chosen', 'Street#2026', 'ByName#2026', 'Batch#2026x', 'Narrow#2026', 'Keeper#2027x']) expect(passwordRefusal(p, 'someone'), p).toBeNull();
    for (let i = 0; i < 50; i++) expect(passwordRefusal(generatePassword('admin'), 'admin')).toBeNull();
  });

  it('would refuse the published demo password: the demo city sets it without the policy', () => {
    expect(passwordRefusal(DEMO_PASSWORD, 'supervisor')).not.toBeNull();
  });
});
