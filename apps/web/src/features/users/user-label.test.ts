import { describe, expect, it } from 'vitest';
import { userLabel } from './user-label.ts';

describe('a person in a picker', () => {
  const leader = { displayName: '李市长', username: 'leader', orgUnit: { name: '市政府办公室' } };
  it('shows a leader by name and unit, never the login name', () => {
    expect(userLabel(leader, 'leader')).toBe('李市长 · 市政府办公室');
  });
  it('keeps the login name where any account may be picked', () => {
    expect(userLabel(leader)).toBe('李市长（leader） · 市政府办公室');
  });
});
