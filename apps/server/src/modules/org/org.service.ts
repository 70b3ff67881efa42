import { randomUUID } from 'node:crypto';
import { ORG_KIND_LABELS, escapeLike, parseOrgKind, searchKey, type OrgKind } from '@luoshi/shared';
import type { Kysely } from 'kysely';
import { hasRole, inScope, scopeForRoles, unitHasActor, unitInScope, unitsInScope, type Actor } from '../../access/index.ts';
import type { DB, OrgUnitRow } from '../../db/schema.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { paginate, type Page, type PageQuery } from '../../db/pagination.ts';
import { readSheet, writeSheet, type SheetError } from '../../reports/excel.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { OrgRepository } from './org.repository.ts';

export interface OrgUnitInput {
  parentId: string | null;
  kind: OrgKind;
  code: string;
  name: string;
  shortName?: string | null | undefined;
  sortOrder?: number | undefined;
}

export interface OrgListFilter extends PageQuery {
  parentId?: string | undefined;
  q?: string | undefined;
  kind?: OrgKind | undefined;
  active?: boolean | undefined;
}

export interface OrgPolicies {
  update: boolean;
  createChild: boolean;
  move: boolean;
  deactivate: boolean;
  remove: boolean;
}

export type OrgUnitWithPath = OrgUnitRow & { path: { id: string; name: string }[]; hasChildren: boolean };

const IMPORT_COLUMNS = { code: '编码', name: '名称', parentCode: '上级编码', kind: '类型', shortName: '简称', sortOrder: '排序' } as const;

function unitSearchKey(u: { name: string; short_name?: string | null; code: string }): string {
  return searchKey([u.name, u.short_name ?? '', u.code].join(' '));
}

/** The organisation tree: reading within scope, and the administrator's changes to it. */
export class OrgService {
  private readonly repo: OrgRepository;
  constructor(private readonly deps: { db: Kysely<DB>; audit: Pick<AuditService, 'record'> }) {
    this.repo = new OrgRepository(deps.db);
  }

  private adminScope(actor: Actor) {
    return scopeForRoles(actor, ['admin']);
  }

  /** True when the actor administers the unit. */
  canManage(actor: Actor, unitId: string): Promise<boolean> {
    if (actor.readOnly || !hasRole(actor, 'admin')) return Promise.resolve(false);
    return unitInScope(this.deps.db, this.adminScope(actor), actor.tenantId, unitId);
  }

  /** A unit inside the actor's read scope, or 404. */
  async get(actor: Actor, id: string): Promise<OrgUnitWithPath> {
    const unit = await this.repo.findById(actor.tenantId, id);
    if (!unit || !(await unitInScope(this.deps.db, actor.scope, actor.tenantId, id))) throw notFound('单位');
    const [ancestors, deps] = await Promise.all([this.repo.ancestors(actor.tenantId, id), this.repo.dependents(actor.tenantId, id)]);
    // Ancestors outside the caller's scope are not named: their existence must not leak.
    const visible = await unitsInScope(this.deps.db, actor.scope, actor.tenantId, ancestors.map((a) => a.id));
    const path = ancestors.filter((a) => visible.has(a.id));
    return { ...unit, path, hasChildren: deps.children > 0 };
  }

  async policies(actor: Actor, unit: OrgUnitRow): Promise<OrgPolicies> {
    const manage = await this.canManage(actor, unit.id);
    const parentManaged = unit.parent_id ? await this.canManage(actor, unit.parent_id) : false;
    return { update: manage, createChild: manage, move: manage && parentManaged, deactivate: manage && unit.active, remove: manage && parentManaged };
  }

  /** Units in scope, filtered and paged, in tree order. */
  async list(actor: Actor, filter: OrgListFilter): Promise<Page<OrgUnitRow & { parent_name: string | null; child_count: number }>> {
    const db = this.deps.db;
    let q = db
      .selectFrom('org_units as u')
      .leftJoin('org_units as p', (j) => j.onRef('p.tenant_id', '=', 'u.tenant_id').onRef('p.id', '=', 'u.parent_id'))
      .where('u.tenant_id', '=', actor.tenantId)
      .where((eb) => inScope(actor.scope, actor.tenantId, eb.ref('u.id')));
    if (filter.parentId) q = q.where('u.parent_id', '=', filter.parentId);
    if (filter.kind) q = q.where('u.kind', '=', filter.kind);
    if (filter.active !== undefined) q = q.where('u.active', '=', filter.active);
    if (filter.q?.trim()) q = q.where('u.search_key', 'like', `%${escapeLike(searchKey(filter.q))}%`);
    const rows = q
      .selectAll('u')
      .select('p.name as parent_name')
      .select((eb) =>
        eb
          .selectFrom('org_units as c')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('c.tenant_id', '=', 'u.tenant_id')
          .whereRef('c.parent_id', '=', 'u.id')
          .as('child_count'),
      )
      .orderBy('u.depth')
      .orderBy('u.sort_order')
      .orderBy('u.code');
    const page = await paginate(rows, q, filter);
    return { ...page, data: page.data.map((r) => ({ ...r, child_count: Number(r.child_count ?? 0) })) };
  }

  /**
   * The administrator's list of active units in their scope with no active user who can act for
   * them (no liaison): work assigned there would wait for nobody. Paged, searchable by name.
   */
  async unitsWithoutLiaison(actor: Actor, filter: PageQuery & { q?: string | undefined }): Promise<Page<OrgUnitRow & { parent_name: string | null }>> {
    if (!hasRole(actor, 'admin')) throw forbidden('只有系统管理员可以查看缺少联络员的单位');
    const scope = this.adminScope(actor);
    let q = this.deps.db
      .selectFrom('org_units as u')
      .leftJoin('org_units as p', (j) => j.onRef('p.tenant_id', '=', 'u.tenant_id').onRef('p.id', '=', 'u.parent_id'))
      .where('u.tenant_id', '=', actor.tenantId)
      .where('u.active', '=', true)
      .where((eb) => inScope(scope, actor.tenantId, eb.ref('u.id')))
      .where((eb) => eb.not(unitHasActor(actor.tenantId, eb.ref('u.id'))));
    if (filter.q?.trim()) q = q.where('u.search_key', 'like', `%${escapeLike(searchKey(filter.q))}%`);
    const rows = q.selectAll('u').select('p.name as parent_name').orderBy('u.depth').orderBy('u.sort_order').orderBy('u.code');
    return paginate(rows, q, filter);
  }

  /**
   * The children of a unit visible to the actor, or the actor's visible roots (units in scope
   * whose parent is not) when no parent is given. Feeds the lazily loaded tree.
   */
  async children(actor: Actor, parentId: string | null): Promise<(OrgUnitRow & { child_count: number })[]> {
    const db = this.deps.db;
    let q = db
      .selectFrom('org_units as u')
      .selectAll('u')
      .select((eb) =>
        eb
          .selectFrom('org_units as c')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('c.tenant_id', '=', 'u.tenant_id')
          .whereRef('c.parent_id', '=', 'u.id')
          .as('child_count'),
      )
      .where('u.tenant_id', '=', actor.tenantId)
      .where((eb) => inScope(actor.scope, actor.tenantId, eb.ref('u.id')));
    if (parentId) {
      if (!(await unitInScope(db, actor.scope, actor.tenantId, parentId))) throw notFound('单位');
      q = q.where('u.parent_id', '=', parentId);
    } else {
      q = q.where((eb) =>
        eb.or([eb('u.parent_id', 'is', null), eb.not(inScope(actor.scope, actor.tenantId, eb.ref('u.parent_id')))]),
      );
    }
    const rows = await q.orderBy('u.sort_order').orderBy('u.code').limit(2000).execute();
    return rows.map((r) => ({ ...r, child_count: Number(r.child_count ?? 0) }));
  }

  async create(actor: Actor, input: OrgUnitInput): Promise<OrgUnitRow> {
    if (!input.parentId) {
      if (!this.adminScope(actor).all) throw forbidden('只有全局管理员可以创建顶级单位');
    } else {
      await this.requireManage(actor, input.parentId, '上级单位');
    }
    return this.deps.db.transaction().execute(async (tx) => {
      const parent = input.parentId ? await this.repo.findById(actor.tenantId, input.parentId, tx) : undefined;
      if (input.parentId && !parent) throw invalid('parentId', '上级单位不存在');
      if (parent && !parent.active) throw invalid('parentId', '上级单位已停用');
      const id = randomUUID();
      const row = {
        tenant_id: actor.tenantId,
        id,
        parent_id: input.parentId,
        kind: input.kind,
        code: input.code.trim(),
        name: input.name.trim(),
        short_name: input.shortName?.trim() || null,
        sort_order: input.sortOrder ?? 0,
        depth: parent ? parent.depth + 1 : 0,
        search_key: unitSearchKey({ name: input.name, short_name: input.shortName ?? null, code: input.code }),
      };
      await this.repo.insert(tx, row);
      const created = (await this.repo.findById(actor.tenantId, id, tx))!;
      await this.deps.audit.record(tx, actor, { action: 'org.create', entityType: 'orgUnit', entityId: id, summary: `新建单位 ${row.name}`, after: created });
      return created;
    });
  }

  async update(actor: Actor, id: string, patch: Partial<Omit<OrgUnitInput, 'parentId'>>): Promise<OrgUnitRow> {
    const before = await this.requireVisible(actor, id);
    await this.requireManage(actor, id);
    return this.deps.db.transaction().execute(async (tx) => {
      const next = {
        kind: patch.kind ?? before.kind,
        code: patch.code?.trim() ?? before.code,
        name: patch.name?.trim() ?? before.name,
        short_name: patch.shortName === undefined ? before.short_name : patch.shortName?.trim() || null,
        sort_order: patch.sortOrder ?? before.sort_order,
      };
      await tx
        .updateTable('org_units')
        .set({ ...next, search_key: unitSearchKey(next), updated_at: new Date() })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .execute();
      const after = (await this.repo.findById(actor.tenantId, id, tx))!;
      await this.deps.audit.record(tx, actor, { action: 'org.update', entityType: 'orgUnit', entityId: id, summary: `修改单位 ${after.name}`, before, after });
      return after;
    });
  }

  /** Moves a unit and its subtree under another parent; refuses cycles. */
  async move(actor: Actor, id: string, newParentId: string): Promise<OrgUnitRow> {
    const unit = await this.requireVisible(actor, id);
    await this.requireManage(actor, id);
    if (!unit.parent_id) throw forbidden('顶级单位不能移动');
    await this.requireManage(actor, unit.parent_id, '原上级单位');
    await this.requireManage(actor, newParentId, '新上级单位');
    return this.deps.db.transaction().execute(async (tx) => {
      if (await this.repo.isInSubtree(actor.tenantId, id, newParentId, tx)) {
        throw invalid('parentId', '不能把单位移动到它自己或它的下级单位之下');
      }
      const parent = await this.repo.findById(actor.tenantId, newParentId, tx);
      if (!parent?.active) throw invalid('parentId', '新上级单位不存在或已停用');
      await this.repo.move(tx, actor.tenantId, id, newParentId);
      const after = (await this.repo.findById(actor.tenantId, id, tx))!;
      await this.deps.audit.record(tx, actor, {
        action: 'org.move',
        entityType: 'orgUnit',
        entityId: id,
        summary: `移动单位 ${unit.name} 到 ${parent.name} 之下`,
        before: { parent_id: unit.parent_id },
        after: { parent_id: newParentId },
      });
      return after;
    });
  }

  async setActive(actor: Actor, id: string, active: boolean): Promise<OrgUnitRow> {
    const unit = await this.requireVisible(actor, id);
    await this.requireManage(actor, id);
    return this.deps.db.transaction().execute(async (tx) => {
      if (!active) {
        const deps = await this.repo.dependents(actor.tenantId, id, tx);
        if (deps.activeChildren > 0) throw conflict(`该单位还有 ${deps.activeChildren} 个启用中的下级单位，请先停用下级单位`);
      } else if (unit.parent_id) {
        const parent = await this.repo.findById(actor.tenantId, unit.parent_id, tx);
        if (parent && !parent.active) throw conflict('上级单位已停用，请先启用上级单位');
      }
      await tx.updateTable('org_units').set({ active, updated_at: new Date() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      const after = (await this.repo.findById(actor.tenantId, id, tx))!;
      await this.deps.audit.record(tx, actor, {
        action: active ? 'org.activate' : 'org.deactivate',
        entityType: 'orgUnit',
        entityId: id,
        summary: `${active ? '启用' : '停用'}单位 ${unit.name}`,
        before: { active: unit.active },
        after: { active },
      });
      return after;
    });
  }

  /** Deletes a unit that has nothing attached; a unit with records must be deactivated instead. */
  async remove(actor: Actor, id: string): Promise<void> {
    const unit = await this.requireVisible(actor, id);
    await this.requireManage(actor, id);
    if (!unit.parent_id) throw forbidden('顶级单位不能删除');
    await this.deps.db.transaction().execute(async (tx) => {
      const deps = await this.repo.dependents(actor.tenantId, id, tx);
      if (deps.children > 0 || deps.users > 0) {
        throw conflict(`该单位下有 ${deps.children} 个下级单位、${deps.users} 个用户，不能删除，只能停用`, deps);
      }
      await this.repo.remove(tx, actor.tenantId, id);
      await this.deps.audit.record(tx, actor, { action: 'org.delete', entityType: 'orgUnit', entityId: id, summary: `删除单位 ${unit.name}`, before: unit });
    });
  }

  /**
   * Imports units from a sheet with columns 编码, 名称, 上级编码, 类型 (and optional 简称, 排序).
   * Existing codes are updated (and moved when their parent changes); new codes are created.
   * Every bad row is reported with its row and column, and nothing is written unless all rows are good.
   */
  async importSheet(actor: Actor, file: Buffer, fileName?: string): Promise<{ created: number; updated: number }> {
    if (!hasRole(actor, 'admin') || actor.readOnly) throw forbidden('只有系统管理员可以导入组织机构');
    const sheet = await readSheet<keyof typeof IMPORT_COLUMNS>(file, IMPORT_COLUMNS, ['code', 'name', 'parentCode', 'kind'], fileName);
    const errors: SheetError[] = [...sheet.errors];
    type Row = { row: number; code: string; name: string; parentCode: string; kind: OrgKind; shortName: string | null; sortOrder: number };
    const rows: Row[] = [];
    const seen = new Map<string, number>();
    for (const r of sheet.rows) {
      const code = r.values.code ?? '';
      const name = r.values.name ?? '';
      const kindText = r.values.kind ?? '';
      const err = (column: string, message: string) => errors.push({ row: r.row, column, message });
      if (!code) err(IMPORT_COLUMNS.code, '编码不能为空');
      else if (code.length > 50) err(IMPORT_COLUMNS.code, '编码不能超过 50 个字符');
      else if (seen.has(code)) err(IMPORT_COLUMNS.code, `编码 ${code} 与第 ${seen.get(code)} 行重复`);
      if (!name) err(IMPORT_COLUMNS.name, '名称不能为空');
      else if (name.length > 100) err(IMPORT_COLUMNS.name, '名称不能超过 100 个字符');
      const kind = parseOrgKind(kindText);
      if (!kind) err(IMPORT_COLUMNS.kind, `类型“${kindText}”无效，应为 ${Object.values(ORG_KIND_LABELS).join('、')} 之一`);
      const sortText = r.values.sortOrder ?? '';
      const sortOrder = sortText ? Number(sortText) : 0;
      if (sortText && !Number.isInteger(sortOrder)) err(IMPORT_COLUMNS.sortOrder, '排序应为整数');
      if (code) seen.set(code, r.row);
      if (code && name && kind) rows.push({ row: r.row, code, name, parentCode: r.values.parentCode ?? '', kind, shortName: r.values.shortName || null, sortOrder: Number.isInteger(sortOrder) ? sortOrder : 0 });
    }
    if (sheet.rows.length === 0 && errors.length === 0) errors.push({ row: 1, column: '', message: '表格中没有数据行' });

    const db = this.deps.db;
    const adminScope = this.adminScope(actor);
    return db.transaction().execute(async (tx) => {
      const codes = [...new Set([...rows.map((r) => r.code), ...rows.map((r) => r.parentCode).filter(Boolean)])];
      const existing = new Map((await this.repo.findByCodes(actor.tenantId, codes, tx)).map((u) => [u.code, u]));
      const fileCodes = new Map(rows.map((r) => [r.code, r]));
      for (const r of rows) {
        if (!r.parentCode) {
          if (!existing.has(r.code) && !adminScope.all) errors.push({ row: r.row, column: IMPORT_COLUMNS.parentCode, message: '上级编码不能为空' });
          continue;
        }
        if (r.parentCode === r.code) errors.push({ row: r.row, column: IMPORT_COLUMNS.parentCode, message: '上级编码不能是自己' });
        else if (!fileCodes.has(r.parentCode) && !existing.has(r.parentCode)) {
          errors.push({ row: r.row, column: IMPORT_COLUMNS.parentCode, message: `上级编码 ${r.parentCode} 在表格和系统中都不存在` });
        }
      }
      // Cycle check over the parent links the file would produce.
      const parentOf = (code: string): string | undefined => fileCodes.get(code)?.parentCode || undefined;
      for (const r of rows) {
        const visited = new Set<string>([r.code]);
        let cur = parentOf(r.code);
        while (cur) {
          if (visited.has(cur)) {
            errors.push({ row: r.row, column: IMPORT_COLUMNS.parentCode, message: '上级关系形成了循环' });
            break;
          }
          visited.add(cur);
          cur = parentOf(cur);
        }
      }
      const managed = await unitsInScope(tx, adminScope, actor.tenantId, [...existing.values()].map((u) => u.id));
      for (const r of rows) {
        const unit = existing.get(r.code);
        if (unit && !managed.has(unit.id)) {
          errors.push({ row: r.row, column: IMPORT_COLUMNS.code, message: `编码 ${r.code} 已被管理范围以外的单位使用` });
        }
        const parent = existing.get(r.parentCode);
        if (parent && !managed.has(parent.id)) {
          errors.push({ row: r.row, column: IMPORT_COLUMNS.parentCode, message: `上级单位 ${r.parentCode} 不在您的管理范围内` });
        }
      }
      if (errors.length > 0) {
        errors.sort((a, b) => a.row - b.row);
        throw new AppError('IMPORT_INVALID', `导入失败：${errors.length} 处错误，第一处在第 ${errors[0]!.row} 行${errors[0]!.column ? `“${errors[0]!.column}”列` : ''}：${errors[0]!.message}。没有写入任何数据。`, errors);
      }

      let created = 0;
      let updated = 0;
      const idByCode = new Map([...existing.values()].map((u) => [u.code, u.id]));
      const pending = [...rows];
      // Parents first: keep passing over the rows until every parent is known.
      while (pending.length > 0) {
        const before = pending.length;
        for (let i = 0; i < pending.length; ) {
          const r = pending[i]!;
          const parentId = r.parentCode ? idByCode.get(r.parentCode) : null;
          if (r.parentCode && !parentId) {
            i++;
            continue;
          }
          pending.splice(i, 1);
          const unit = existing.get(r.code);
          if (unit) {
            const patch = { name: r.name, kind: r.kind, short_name: r.shortName, sort_order: r.sortOrder };
            await tx
              .updateTable('org_units')
              .set({ ...patch, search_key: unitSearchKey({ ...patch, code: r.code }), updated_at: new Date() })
              .where('tenant_id', '=', actor.tenantId)
              .where('id', '=', unit.id)
              .execute();
            if (parentId && parentId !== unit.parent_id) {
              if (await this.repo.isInSubtree(actor.tenantId, unit.id, parentId, tx)) {
                throw new AppError('IMPORT_INVALID', `第 ${r.row} 行：上级编码 ${r.parentCode} 是该单位自己的下级，上级关系形成了循环。没有写入任何数据。`, [
                  { row: r.row, column: IMPORT_COLUMNS.parentCode, message: '上级关系形成了循环' },
                ]);
              }
              await this.repo.move(tx, actor.tenantId, unit.id, parentId);
            }
            updated++;
          } else {
            const id = randomUUID();
            const parentDepth = parentId ? ((await this.repo.findById(actor.tenantId, parentId, tx))?.depth ?? 0) : -1;
            await this.repo.insert(tx, {
              tenant_id: actor.tenantId,
              id,
              parent_id: parentId ?? null,
              kind: r.kind,
              code: r.code,
              name: r.name,
              short_name: r.shortName,
              sort_order: r.sortOrder,
              depth: parentDepth + 1,
              search_key: unitSearchKey({ name: r.name, short_name: r.shortName, code: r.code }),
            });
            idByCode.set(r.code, id);
            created++;
          }
        }
        if (pending.length === before) throw new AppError('IMPORT_INVALID', '上级关系无法解析', []);
      }
      await this.deps.audit.record(tx, actor, { action: 'org.import', entityType: 'orgUnit', summary: `导入组织机构：新增 ${created} 个，更新 ${updated} 个`, after: { created, updated } });
      return { created, updated };
    });
  }

  /** The units in the actor's scope as an .xlsx file in the import layout. */
  async exportSheet(actor: Actor): Promise<Buffer> {
    const rows = await this.deps.db
      .selectFrom('org_units as u')
      .leftJoin('org_units as p', (j) => j.onRef('p.tenant_id', '=', 'u.tenant_id').onRef('p.id', '=', 'u.parent_id'))
      .select(['u.code', 'u.name', 'u.short_name', 'p.code as parent_code', 'u.kind', 'u.sort_order', 'u.active', 'u.depth'])
      .where('u.tenant_id', '=', actor.tenantId)
      .where((eb) => inScope(actor.scope, actor.tenantId, eb.ref('u.id')))
      .orderBy('u.depth')
      .orderBy('u.sort_order')
      .orderBy('u.code')
      .execute();
    return writeSheet('组织机构', [
      { header: '编码', width: 18, values: rows.map((r) => r.code) },
      { header: '名称', width: 32, values: rows.map((r) => r.name) },
      { header: '上级编码', width: 18, values: rows.map((r) => r.parent_code ?? '') },
      { header: '类型', width: 12, values: rows.map((r) => ORG_KIND_LABELS[r.kind]) },
      { header: '简称', width: 16, values: rows.map((r) => r.short_name ?? '') },
      { header: '排序', width: 8, values: rows.map((r) => r.sort_order) },
      { header: '状态', width: 8, values: rows.map((r) => (r.active ? '启用' : '停用')) },
    ]);
  }

  private async requireVisible(actor: Actor, id: string): Promise<OrgUnitRow> {
    const unit = await this.repo.findById(actor.tenantId, id);
    if (!unit || !(await unitInScope(this.deps.db, actor.scope, actor.tenantId, id))) throw notFound('单位');
    return unit;
  }

  private async requireManage(actor: Actor, unitId: string, what = '单位'): Promise<void> {
    if (!(await unitInScope(this.deps.db, actor.scope, actor.tenantId, unitId))) throw notFound(what);
    if (!(await this.canManage(actor, unitId))) throw forbidden(`您不是该${what}的管理员`);
  }
}

/** The actor's effective data scope in words, as the UI shows it ("全部单位", "新区及下级单位；财政局（仅本单位）"). */
export async function describeScope(db: Kysely<DB>, actor: Actor): Promise<string> {
  if (actor.scope.all) return '全部单位';
  const ids = [...actor.scope.subtreeRoots, ...actor.scope.units];
  if (ids.length === 0) return '无';
  const names = new Map(
    (await db.selectFrom('org_units').select(['id', 'name']).where('tenant_id', '=', actor.tenantId).where('id', 'in', ids).execute()).map((u) => [u.id, u.name]),
  );
  const parts = [
    ...actor.scope.subtreeRoots.map((id) => `${names.get(id) ?? '?'}及下级单位`),
    ...actor.scope.units.filter((id) => !actor.scope.subtreeRoots.includes(id)).map((id) => `${names.get(id) ?? '?'}（仅本单位）`),
  ];
  return parts.join('；');
}
