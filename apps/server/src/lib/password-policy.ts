import { LIMITS, passwordProblem } from '@luoshi/shared';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';

/** zxcvbn's 3: "safely unguessable", about 10^10 guesses. Score 2 still falls to an offline attack on a stolen hash. */
export const MIN_PASSWORD_SCORE = 3;
/** A known password with at most this many characters added around it counts as that password. */
const DECORATION = 4;

let estimator: ZxcvbnFactory | undefined;

/**
 * Why the server refuses a password that someone is setting, in Chinese, or null: the shared
 * length and character-class rules, then no username inside it, then the common passwords,
 * words, keyboard runs, dates and repeats that zxcvbn-ts knows.
 */
export function passwordRefusal(password: string, username?: string): string | null {
  const basic = passwordProblem(password);
  if (basic) return basic;
  const name = username?.trim().toLowerCase() ?? '';
  if (name.length >= LIMITS.usernameMin && password.toLowerCase().includes(name)) return '密码不能包含用户名';
  // Built on first use: loading the dictionaries takes a moment that a start-up should not pay.
  estimator ??= new ZxcvbnFactory({ dictionary: zxcvbnCommon.dictionary, graphs: zxcvbnCommon.adjacencyGraphs });
  const result = estimator.check(password, name ? [name] : []);
  const known = result.sequence.some((m) => m.pattern === 'dictionary' && String(m.dictionaryName).startsWith('passwords') && m.token.length >= password.length - DECORATION);
  if (known) return '这是常见密码（或只在常见密码前后加了几个字符），容易被猜中，请换一个';
  if (result.score < MIN_PASSWORD_SCORE) return '密码太容易被猜中（常见单词、键盘顺序、日期或重复字符），请加长或换一个';
  return null;
}
