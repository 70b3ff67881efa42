import { LIMITS } from './limits.ts';

/** Why a password is refused, in Chinese, or null when it meets the policy (≥8 chars, 3 of 4 classes). */
export function passwordProblem(password: string): string | null {
  if (password.length < LIMITS.passwordMin) return `密码至少 ${LIMITS.passwordMin} 位`;
  if (password.length > LIMITS.passwordMax) return `密码不能超过 ${LIMITS.passwordMax} 位`;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少三类';
  return null;
}
