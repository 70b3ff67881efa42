import { systemActor } from '../../src/access/index.ts';
import type { TestContext } from './harness.ts';

/** A unit of its own under the demo city for a test, with two children, so its figures count only what the test made. */
export async function unitTree(t: TestContext, prefix: string) {
  const sys = systemActor(t.tenantId);
  const root = await t.container.org.create(sys, { parentId: t.unit('SFS-DC'), kind: 'other', code: `${prefix}-ROOT`, name: `${prefix}片区` });
  const a = await t.container.org.create(sys, { parentId: root.id, kind: 'other', code: `${prefix}-A`, name: `${prefix}甲单位` });
  const b = await t.container.org.create(sys, { parentId: root.id, kind: 'other', code: `${prefix}-B`, name: `${prefix}乙单位` });
  return { root: root.id, a: a.id, b: b.id };
}

/** A task of the unit put straight into the state the figures read (status, deadline, completion time). */
export async function taskIn(t: TestContext, unitId: string, title: string, deadline: string, completedAt: string | null) {
  const sup = await t.container.auth.loadActor(t.tenantId, await t.container.db.selectFrom('users').selectAll().where('username', '=', 'supervisor').executeTakeFirstOrThrow());
  const task = await t.container.tasks.create(sup, { title, leadUnitIds: [unitId], deadline, assign: true });
  await t.container.db.updateTable('tasks').set({ created_at: new Date('2026-02-03T02:00:00Z') as never, ...(completedAt ? { status: 'completed', completed_at: new Date(completedAt), percent: 100 } : {}) }).where('id', '=', task.id).execute();
  return task.id;
}
