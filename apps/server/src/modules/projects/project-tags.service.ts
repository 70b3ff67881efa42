import { searchKey } from '@luoshi/shared';
import { sql, type Kysely } from 'kysely';
import { hasRole, scopeForRoles, unitInScope, type Actor } from '../../access/index.ts';
import type { Executor } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import type { AuditService } from '../audit/audit.service.ts';

export interface ProjectTagDeps {
  db: Kysely<DB>;
  audit: Pick<AuditService, 'record'>;
}

export interface TagGroupView {
  id: string;
  name: string;
  sortOrder: number;
  tags: { id: string; name: string; sortOrder: number; enabled: boolean; projects: number }[];
}

/** The tenant's tag dictionary as a set of names: every tag, and the enabled ones. Empty: free text. */
export interface TagDictionary {
  all: Set<string>;
  enabled: Set<string>;
}

export async function tagDictionary(db: Executor, tenantId: string): Promise<TagDictionary> {
  const rows = await db
    .selectFrom('project_tags as t')
    .innerJoin('project_tag_groups as g', (j) => j.onRef('g.tenant_id', '=', 't.tenant_id').onRef('g.id', '=', 't.group_id'))
    .select(['t.name', 't.enabled'])
    .where('t.tenant_id', '=', tenantId)
    .orderBy('g.sort_order')
    .orderBy('g.name')
    .orderBy('t.sort_order')
    .orderBy('t.name')
    .execute();
  return { all: new Set(rows.map((r) => r.name)), enabled: new Set(rows.filter((r) => r.enabled).map((r) => r.name)) };
}

/**
 * The tags a project may be given: with a dictionary, only its enabled tags (a disabled tag the
 * project already carries may stay); without one, any text. Returns the first tag refused, or null.
 */
export function refusedTag(dictionary: TagDictionary, tags: readonly string[], kept: readonly string[] = []): string | null {
  if (dictionary.all.size === 0) return null;
  return tags.find((t) => !dictionary.enabled.has(t) && !(kept.includes(t) && dictionary.all.has(t))) ?? null;
}

/** The message naming what the dictionary offers, for a refused tag. */
export function refusedTagMessage(dictionary: TagDictionary, tag: string): string {
  const offered = [...dictionary.enabled];
  return `标签「${tag}」不在项目标签目录中${offered.length ? `，可用的标签有：${offered.slice(0, 40).join('、')}${offered.length > 40 ? ' 等' : ''}` : ''}`;
}

/**
 * The tag dictionary of key projects (issue 11, item 1): groups holding tags, per tenant. Everyone
 * who sees projects reads it; the supervisors of the tenant's root unit keep it. Renaming a tag
 * renames it on the projects that carry it, in the same transaction; a tag in use is not deleted
 * (disable it instead).
 */
export class ProjectTagService {
  constructor(private readonly deps: ProjectTagDeps) {}

  /** True when the actor supervises the tenant's root unit (the supervision office). */
  async canEdit(actor: Actor): Promise<boolean> {
    if (actor.readOnly || !hasRole(actor, 'supervisor')) return false;
    const scope = scopeForRoles(actor, ['supervisor']);
    if (scope.all) return true;
    const roots = await this.deps.db.selectFrom('org_units').select('id').where('tenant_id', '=', actor.tenantId).where('parent_id', 'is', null).execute();
    for (const r of roots) if (await unitInScope(this.deps.db, scope, actor.tenantId, r.id)) return true;
    return false;
  }

  private async requireEditor(actor: Actor): Promise<void> {
    if (!(await this.canEdit(actor))) throw forbidden('只有市级督查人员可以维护项目标签目录');
  }

  async list(actor: Actor): Promise<{ groups: TagGroupView[]; canEdit: boolean }> {
    const t = actor.tenantId;
    const [groups, tags, canEdit] = await Promise.all([
      this.deps.db.selectFrom('project_tag_groups').select(['id', 'name', 'sort_order']).where('tenant_id', '=', t).orderBy('sort_order').orderBy('name').execute(),
      this.deps.db
        .selectFrom('project_tags as g')
        .select(['g.id', 'g.group_id', 'g.name', 'g.sort_order', 'g.enabled'])
        .select(sql<string>`(SELECT count(*) FROM projects p WHERE p.tenant_id = g.tenant_id AND p.deleted_at IS NULL AND p.tags @> ARRAY[g.name])`.as('projects'))
        .where('g.tenant_id', '=', t)
        .orderBy('g.sort_order')
        .orderBy('g.name')
        .execute(),
      this.canEdit(actor),
    ]);
    return {
      canEdit,
      groups: groups.map((g) => ({
        id: g.id,
        name: g.name,
        sortOrder: g.sort_order,
        tags: tags.filter((x) => x.group_id === g.id).map((x) => ({ id: x.id, name: x.name, sortOrder: x.sort_order, enabled: x.enabled, projects: Number(x.projects) })),
      })),
    };
  }

  private async group(db: Executor, tenantId: string, id: string) {
    const g = await db.selectFrom('project_tag_groups').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!g) throw notFound('标签分组');
    return g;
  }

  private async tag(db: Executor, tenantId: string, id: string) {
    const g = await db.selectFrom('project_tags').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!g) throw notFound('标签');
    return g;
  }

  private async groupNameFree(db: Executor, tenantId: string, name: string, except?: string): Promise<void> {
    let q = db.selectFrom('project_tag_groups').select('id').where('tenant_id', '=', tenantId).where('name', '=', name);
    if (except) q = q.where('id', '<>', except);
    if (await q.executeTakeFirst()) throw invalid('name', `标签分组「${name}」已存在`);
  }

  private async tagNameFree(db: Executor, tenantId: string, name: string, except?: string): Promise<void> {
    let q = db.selectFrom('project_tags').select('id').where('tenant_id', '=', tenantId).where('name', '=', name);
    if (except) q = q.where('id', '<>', except);
    if (await q.executeTakeFirst()) throw invalid('name', `标签「${name}」已存在`);
  }

  async createGroup(actor: Actor, input: { name: string; sortOrder?: number | undefined }): Promise<{ id: string }> {
    await this.requireEditor(actor);
    return this.deps.db.transaction().execute(async (tx) => {
      await this.groupNameFree(tx, actor.tenantId, input.name);
      const row = await tx.insertInto('project_tag_groups').values({ tenant_id: actor.tenantId, name: input.name, sort_order: input.sortOrder ?? 0 }).returning('id').executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, actor, { action: 'project.tagGroupCreate', entityType: 'projectTagGroup', entityId: row.id, summary: `新增项目标签分组「${input.name}」`, after: input });
      return row;
    });
  }

  async updateGroup(actor: Actor, id: string, patch: { name?: string | undefined; sortOrder?: number | undefined }): Promise<void> {
    await this.requireEditor(actor);
    await this.deps.db.transaction().execute(async (tx) => {
      const before = await this.group(tx, actor.tenantId, id);
      if (patch.name !== undefined) await this.groupNameFree(tx, actor.tenantId, patch.name, id);
      await tx
        .updateTable('project_tag_groups')
        .set({ ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.sortOrder !== undefined ? { sort_order: patch.sortOrder } : {}) })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .execute();
      await this.deps.audit.record(tx, actor, { action: 'project.tagGroupUpdate', entityType: 'projectTagGroup', entityId: id, summary: `修改项目标签分组「${before.name}」`, before: { name: before.name, sortOrder: before.sort_order }, after: patch });
    });
  }

  async deleteGroup(actor: Actor, id: string): Promise<void> {
    await this.requireEditor(actor);
    await this.deps.db.transaction().execute(async (tx) => {
      const before = await this.group(tx, actor.tenantId, id);
      const held = await tx.selectFrom('project_tags').select(sql<string>`count(*)`.as('n')).where('tenant_id', '=', actor.tenantId).where('group_id', '=', id).executeTakeFirstOrThrow();
      if (Number(held.n) > 0) throw conflict(`标签分组「${before.name}」下还有 ${held.n} 个标签，请先删除或移走这些标签`);
      await tx.deleteFrom('project_tag_groups').where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, { action: 'project.tagGroupDelete', entityType: 'projectTagGroup', entityId: id, summary: `删除项目标签分组「${before.name}」`, before: { name: before.name } });
    });
  }

  async createTag(actor: Actor, input: { groupId: string; name: string; sortOrder?: number | undefined }): Promise<{ id: string }> {
    await this.requireEditor(actor);
    return this.deps.db.transaction().execute(async (tx) => {
      const group = await tx.selectFrom('project_tag_groups').select('name').where('tenant_id', '=', actor.tenantId).where('id', '=', input.groupId).executeTakeFirst();
      if (!group) throw invalid('groupId', '标签分组不存在');
      await this.tagNameFree(tx, actor.tenantId, input.name);
      const row = await tx.insertInto('project_tags').values({ tenant_id: actor.tenantId, group_id: input.groupId, name: input.name, sort_order: input.sortOrder ?? 0 }).returning('id').executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, actor, { action: 'project.tagCreate', entityType: 'projectTag', entityId: row.id, summary: `新增项目标签「${input.name}」（${group.name}）`, after: input });
      return row;
    });
  }

  /**
   * Renames, reorders, moves, disables or enables a tag. A new name is carried to every project
   * that carries the old one (tags and search key), in the same transaction.
   */
  async updateTag(actor: Actor, id: string, patch: { name?: string | undefined; sortOrder?: number | undefined; enabled?: boolean | undefined; groupId?: string | undefined }): Promise<{ renamedOn: number }> {
    await this.requireEditor(actor);
    return this.deps.db.transaction().execute(async (tx) => {
      const before = await this.tag(tx, actor.tenantId, id);
      if (patch.groupId !== undefined) await this.group(tx, actor.tenantId, patch.groupId).catch(() => {
        throw invalid('groupId', '标签分组不存在');
      });
      const rename = patch.name !== undefined && patch.name !== before.name ? patch.name : null;
      if (rename) await this.tagNameFree(tx, actor.tenantId, rename, id);
      await tx
        .updateTable('project_tags')
        .set({
          ...(rename ? { name: rename } : {}),
          ...(patch.sortOrder !== undefined ? { sort_order: patch.sortOrder } : {}),
          ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
          ...(patch.groupId !== undefined ? { group_id: patch.groupId } : {}),
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .execute();
      const renamedOn = rename ? await renameOnProjects(tx, actor.tenantId, before.name, rename) : 0;
      const what = rename ? `改名为「${rename}」（${renamedOn} 个项目随之更新）` : patch.enabled === false ? '停用' : patch.enabled === true ? '启用' : '调整';
      await this.deps.audit.record(tx, actor, { action: 'project.tagUpdate', entityType: 'projectTag', entityId: id, summary: `项目标签「${before.name}」${what}`, before: { name: before.name, sortOrder: before.sort_order, enabled: before.enabled, groupId: before.group_id }, after: { ...patch, renamedOn } });
      return { renamedOn };
    });
  }

  /** Deletes a tag no project carries; a tag in use is refused (409) — disable it instead. */
  async deleteTag(actor: Actor, id: string): Promise<void> {
    await this.requireEditor(actor);
    await this.deps.db.transaction().execute(async (tx) => {
      const before = await this.tag(tx, actor.tenantId, id);
      const used = await tx.selectFrom('projects').select(sql<string>`count(*)`.as('n')).where('tenant_id', '=', actor.tenantId).where('deleted_at', 'is', null).where(sql<boolean>`tags @> ARRAY[${before.name}]::text[]`).executeTakeFirstOrThrow();
      if (Number(used.n) > 0) throw conflict(`标签「${before.name}」正被 ${used.n} 个项目使用，不能删除；可以停用它，停用后不再供新项目选择`);
      await tx.deleteFrom('project_tags').where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, { action: 'project.tagDelete', entityType: 'projectTag', entityId: id, summary: `删除项目标签「${before.name}」`, before: { name: before.name, groupId: before.group_id } });
    });
  }
}

/** Renames a tag on every project of the tenant that carries it (tags and search key); returns how many. */
async function renameOnProjects(tx: Executor, tenantId: string, from: string, to: string): Promise<number> {
  const rows = await tx
    .updateTable('projects')
    .set({ tags: sql<string[]>`array_replace(tags, ${from}::text, ${to}::text)`, updated_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`tags @> ARRAY[${from}]::text[]`)
    .returning(['id', 'code', 'name', 'owner_company', 'industry', 'tags'])
    .execute();
  for (const p of rows) {
    // A project that carried both names keeps one.
    const tags = [...new Set(p.tags)];
    await tx.updateTable('projects').set({ tags, search_key: projectSearchKey({ code: p.code, name: p.name, ownerCompany: p.owner_company, industry: p.industry, tags }) }).where('tenant_id', '=', tenantId).where('id', '=', p.id).execute();
  }
  return rows.length;
}

/** The text a project is found by in the list's keyword search. */
export function projectSearchKey(p: { code: string; name: string; ownerCompany?: string | null | undefined; industry?: string | null | undefined; tags?: string[] | undefined }): string {
  return searchKey([p.code, p.name, p.ownerCompany ?? '', p.industry ?? '', ...(p.tags ?? [])].join(' ')).slice(0, 2000);
}
