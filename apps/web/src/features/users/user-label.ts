import type { Role } from '@luoshi/shared';

/**
 * A person as a picker shows them: name and unit; the login name only where any account may be
 * picked (the audit log's actor), not when choosing people by role (a task's leaders).
 */
export function userLabel(u: { displayName: string; username: string; orgUnit: { name: string } }, role?: Role): string {
  return role ? `${u.displayName} · ${u.orgUnit.name}` : `${u.displayName}（${u.username}） · ${u.orgUnit.name}`;
}
