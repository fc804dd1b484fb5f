import { foldVi, type UnitTreeNode } from '@baocao/core';
import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useUnitTree } from './api';

type Option = { value: string; title: string; search: string; disabled?: boolean; children: Option[] };

function toOptions(nodes: UnitTreeNode[], disabled: (n: UnitTreeNode) => boolean, parentDisabled = false): Option[] {
  return nodes.map((n) => {
    const off = parentDisabled || disabled(n);
    return {
      value: n.id,
      title: `${n.name} (${n.code})`,
      search: foldVi(`${n.name} ${n.code}`),
      disabled: off,
      children: toOptions(n.children, disabled, off),
    };
  });
}

type Props = {
  value?: string;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  /** Units that cannot be picked; their subtrees neither (e.g. the unit being moved). */
  exclude?: string;
  includeInactive?: boolean;
  style?: React.CSSProperties;
  id?: string;
  /** Units above the user's scope that may still be picked (outermost first), wrapping the tree: a department asking about the whole city. */
  ancestors?: { id: string; name: string; code?: string }[];
};

/** Picks one unit of the user's scope; search ignores diacritics like the tree does. */
export function UnitTreeSelect({ value, onChange, placeholder, allowClear, exclude, includeInactive = false, style, id, ancestors }: Props) {
  const tree = useUnitTree(includeInactive);
  const options = useMemo(() => {
    const inner = toOptions(tree.data ?? [], (n) => n.id === exclude);
    return (ancestors ?? []).reduceRight<Option[]>((children, a) => {
      const title = a.code ? `${a.name} (${a.code})` : a.name;
      return [{ value: a.id, title, search: foldVi(title), children }];
    }, inner);
  }, [tree.data, exclude, ancestors]);
  return (
    <TreeSelect<string>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      treeData={options}
      loading={tree.isPending}
      placeholder={placeholder}
      allowClear={allowClear}
      showSearch={{ filterTreeNode: (input, node) => (node as unknown as Option).search.includes(foldVi(input)) }}
      treeDefaultExpandedKeys={options.map((o) => o.value)}
      popupMatchSelectWidth={420}
      style={{ minWidth: 240, ...style }}
      listHeight={400}
    />
  );
}
