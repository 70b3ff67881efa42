import { passwordProblem } from '@luoshi/shared';

const SETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '@#%*+=?!'];

/** A random 12-character password that meets the policy, without look-alike characters (0/O, 1/l/I). */
export function generatePassword(): string {
  const pick = (set: string) => set[crypto.getRandomValues(new Uint32Array(1))[0]! % set.length]!;
  for (;;) {
    const chars = SETS.map(pick);
    while (chars.length < 12) chars.push(pick(SETS.join('')));
    for (let i = chars.length - 1; i > 0; i--) {
      const j = crypto.getRandomValues(new Uint32Array(1))[0]! % (i + 1);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    const password = chars.join('');
    if (!passwordProblem(password)) return password;
  }
}
