import { foldVi, type UnitTreeNode } from '@baocao/core';

export type FoundUnits = {
  /** Units whose name or code matches. */
  matches: Set<string>;
  /** Ancestors of the matches, to expand so that every match is in view. */
  expand: string[];
  /** The tree cut down to the matches and their ancestors (a match keeps its own subtree). */
  roots: UnitTreeNode[];
};

/** Diacritic- and case-insensitive search on names and codes: "so tai chinh" finds "Sở Tài chính". */
export function searchUnitTree(roots: UnitTreeNode[], query: string): FoundUnits {
  const needle = foldVi(query.trim());
  const matches = new Set<string>();
  const expand = new Set<string>();
  const visit = (node: UnitTreeNode): UnitTreeNode | null => {
    const self = foldVi(node.name).includes(needle) || foldVi(node.code).includes(needle);
    const children = node.children.map(visit).filter((c): c is UnitTreeNode => c !== null);
    if (self) matches.add(node.id);
    if (children.length > 0) expand.add(node.id);
    if (!self && children.length === 0) return null;
    return { ...node, children: self && children.length === 0 ? node.children : children };
  };
  const kept = needle ? roots.map(visit).filter((c): c is UnitTreeNode => c !== null) : roots;
  return { matches, expand: [...expand], roots: kept };
}

/**
 * Splits a text into [before, match, after] for the first diacritic-insensitive occurrence of the
 * query, or null. Folding is done letter by letter so positions map back to the original text.
 */
export function splitMatch(text: string, query: string): [string, string, string] | null {
  const needle = foldVi(query.trim());
  if (!needle) return null;
  const letters = Array.from(text);
  let folded = '';
  const origin: number[] = []; // origin[i] = index in `letters` of folded character i
  letters.forEach((letter, i) => {
    for (const ch of foldVi(letter)) {
      folded += ch;
      origin.push(i);
    }
  });
  const at = folded.indexOf(needle);
  if (at < 0) return null;
  const start = origin[at] ?? 0;
  const end = (origin[at + needle.length - 1] ?? start) + 1;
  return [letters.slice(0, start).join(''), letters.slice(start, end).join(''), letters.slice(end).join('')];
}

/** Every unit id that has children, for "expand all". */
export function branchIds(roots: UnitTreeNode[]): string[] {
  const ids: string[] = [];
  const visit = (n: UnitTreeNode) => {
    if (n.children.length) ids.push(n.id);
    n.children.forEach(visit);
  };
  roots.forEach(visit);
  return ids;
}

/** Finds a unit and the ids of its ancestors, root first. */
export function findUnitPath(roots: UnitTreeNode[], id: string): { node: UnitTreeNode; ancestors: string[] } | null {
  const walk = (nodes: UnitTreeNode[], ancestors: string[]): { node: UnitTreeNode; ancestors: string[] } | null => {
    for (const node of nodes) {
      if (node.id === id) return { node, ancestors };
      const found = walk(node.children, [...ancestors, node.id]);
      if (found) return found;
    }
    return null;
  };
  return walk(roots, []);
}
