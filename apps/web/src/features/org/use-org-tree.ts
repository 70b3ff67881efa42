import { useCallback, useEffect, useRef, useState } from 'react';
import type { OrgUnit } from '../../api/types.ts';
import { orgChildren } from './org.api.ts';

const ROOT = '';

/** A lazily loaded view of the org tree: each level is fetched when first opened. */
export interface OrgTree {
  /** Loaded children per parent id ('' = the caller's visible roots). */
  childrenOf: Readonly<Record<string, OrgUnit[]>>;
  rootsLoading: boolean;
  rootsError: unknown;
  retryRoots: () => void;
  expandedKeys: string[];
  setExpandedKeys: (keys: string[]) => void;
  /** Loads a unit's children unless they are loaded already. */
  loadChildren: (parentId: string) => Promise<void>;
  /** Fetches a level again after a change; null fetches every loaded level (after an import). */
  reload: (parentId: string | null) => Promise<void>;
  /** Opens the tree down to a unit, given its ancestors from the top; ancestors outside the tree are skipped. */
  reveal: (ancestorIds: string[]) => Promise<void>;
  /** Any loaded unit by id. */
  unit: (id: string) => OrgUnit | undefined;
}

/**
 * Holds one lazily loaded org tree (used by the org page and by OrgTreeSelect). With `rootId`, the
 * tree's top level is that unit's children (e.g. the units a task may be decomposed to).
 */
export function useOrgTree(rootId?: string): OrgTree {
  const [childrenOf, setChildrenOf] = useState<Record<string, OrgUnit[]>>({});
  const [rootsLoading, setRootsLoading] = useState(true);
  const [rootsError, setRootsError] = useState<unknown>();
  const [expandedKeys, setExpandedKeys] = useState<string[]>([]);
  const current = useRef(childrenOf);
  current.current = childrenOf;
  const pending = useRef(new Map<string, Promise<void>>());

  const fetchLevel = useCallback((parentId: string): Promise<void> => {
    const running = pending.current.get(parentId);
    if (running) return running;
    const request = orgChildren(parentId || rootId || undefined)
      .then((units) => {
        current.current = { ...current.current, [parentId]: units };
        setChildrenOf(current.current);
      })
      .finally(() => pending.current.delete(parentId));
    pending.current.set(parentId, request);
    return request;
  }, [rootId]);

  const loadRoots = useCallback(async () => {
    setRootsLoading(true);
    setRootsError(undefined);
    try {
      await fetchLevel(ROOT);
      const roots = current.current[ROOT] ?? [];
      // A single root (a district for its liaison, the city for the admin) is opened right away.
      if (roots.length === 1 && roots[0] && (roots[0].childCount ?? 0) > 0) {
        await fetchLevel(roots[0].id);
        setExpandedKeys((keys) => (keys.includes(roots[0]!.id) ? keys : [...keys, roots[0]!.id]));
      }
    } catch (err) {
      setRootsError(err);
    } finally {
      setRootsLoading(false);
    }
  }, [fetchLevel]);

  useEffect(() => {
    void loadRoots();
  }, [loadRoots]);

  const loadChildren = useCallback((parentId: string) => (current.current[parentId] ? Promise.resolve() : fetchLevel(parentId)), [fetchLevel]);

  const reload = useCallback(
    async (parentId: string | null) => {
      if (parentId === null) {
        await Promise.all(Object.keys(current.current).map(fetchLevel));
        return;
      }
      // Only levels already shown need fetching again; others load when opened.
      if (current.current[parentId] || Object.values(current.current).some((list) => list.some((u) => u.id === parentId))) await fetchLevel(parentId);
    },
    [fetchLevel],
  );

  const unit = useCallback((id: string) => {
    for (const list of Object.values(current.current)) {
      const found = list.find((u) => u.id === id);
      if (found) return found;
    }
    return undefined;
  }, []);

  const reveal = useCallback(
    async (ancestorIds: string[]) => {
      const opened: string[] = [];
      for (const id of ancestorIds) {
        if (!unit(id)) continue;
        await loadChildren(id);
        opened.push(id);
      }
      if (opened.length) setExpandedKeys((keys) => [...new Set([...keys, ...opened])]);
    },
    [loadChildren, unit],
  );

  const retryRoots = useCallback(() => void loadRoots(), [loadRoots]);

  return { childrenOf, rootsLoading, rootsError, retryRoots, expandedKeys, setExpandedKeys, loadChildren, reload, reveal, unit };
}

/** Maps the loaded part of a tree to nested nodes, starting at a parent ('' = the roots). */
export function mapTree<T>(childrenOf: Readonly<Record<string, OrgUnit[]>>, toNode: (unit: OrgUnit, children: T[] | undefined) => T, parentId = ROOT): T[] {
  return (childrenOf[parentId] ?? []).map((u) => toNode(u, childrenOf[u.id] ? mapTree(childrenOf, toNode, u.id) : undefined));
}
