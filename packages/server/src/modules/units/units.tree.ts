import { compareVi, type UnitKind, type UnitTreeNode } from '@baocao/core';
import type { TreeRow } from './units.queries.js';

/** Departments first, then the local tiers, then the rest; by Vietnamese name within a kind. */
const KIND_ORDER: Record<string, number> = { city: 0, department: 1, district: 2, commune: 3, organisation: 4, individual: 5, division: 6 };

export function compareUnits(a: Pick<TreeRow, 'kind' | 'name'>, b: Pick<TreeRow, 'kind' | 'name'>): number {
  return (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) || compareVi(a.name, b.name);
}

/** Builds the forest of `rows`: a unit whose parent is not among them is a root. */
export function buildTree(rows: TreeRow[]): UnitTreeNode[] {
  const nodes = new Map<string, UnitTreeNode & { row: TreeRow }>();
  for (const r of rows) nodes.set(r.id, { id: r.id, code: r.code, name: r.name, kind: r.kind as UnitKind, active: r.active, children: [], row: r });
  const roots: (UnitTreeNode & { row: TreeRow })[] = [];
  for (const n of nodes.values()) {
    const parent = n.row.parent_id ? nodes.get(n.row.parent_id) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  const strip = (n: UnitTreeNode & { row?: TreeRow }): UnitTreeNode => {
    const sorted = (n.children as (UnitTreeNode & { row: TreeRow })[]).sort((a, b) => compareUnits(a.row, b.row));
    return { id: n.id, code: n.code, name: n.name, kind: n.kind, active: n.active, children: sorted.map(strip) };
  };
  return roots.sort((a, b) => compareUnits(a.row, b.row)).map(strip);
}

/** Depth-first order of the forest (parents before children), for exports. */
export function flattenTree(tree: UnitTreeNode[]): UnitTreeNode[] {
  const out: UnitTreeNode[] = [];
  const walk = (n: UnitTreeNode) => {
    out.push(n);
    n.children.forEach(walk);
  };
  tree.forEach(walk);
  return out;
}
