import { foldVi, type UnitKind, type UnitTreeNode } from '@baocao/core';
import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMemo } from 'react';
import { useTargetUnits } from './api';

type Option = { value: string; title: string; search: string; selectable: boolean; children: Option[] };

function toOptions(nodes: UnitTreeNode[], kinds: readonly UnitKind[] | undefined): Option[] {
  return nodes
    .filter((n) => n.active)
    .map((n) => ({
      value: n.id,
      title: `${n.name} (${n.code})`,
      search: foldVi(`${n.name} ${n.code}`),
      selectable: !kinds || kinds.includes(n.kind),
      children: toOptions(n.children, kinds),
    }));
}

type Props = {
  /** The requesting unit (or group owner) whose authority bounds the choice. */
  requesterId: string | undefined;
  value?: string[];
  onChange?: (value: string[]) => void;
  /** Only units of these kinds can be picked (the others stay as the way down the tree). */
  kinds?: readonly UnitKind[];
  placeholder?: string;
  id?: string;
  'aria-label'?: string;
};

/** Picks several active units the requester may ask (decision 0009); search ignores diacritics. */
export function UnitsPicker({ requesterId, value, onChange, kinds, placeholder, id, ...rest }: Props) {
  const { t } = useTranslation();
  const tree = useTargetUnits(requesterId);
  const options = useMemo(() => toOptions(tree.data ?? [], kinds), [tree.data, kinds]);
  return (
    <TreeSelect<string[]>
      id={id}
      aria-label={rest['aria-label']}
      multiple
      value={value}
      onChange={(v) => onChange?.(v ?? [])}
      treeData={options}
      loading={tree.isLoading}
      placeholder={placeholder}
      notFoundContent={t('regimes.form.noUnitMatch')}
      showSearch={{ filterTreeNode: (input, node) => (node as unknown as Option).search.includes(foldVi(input)) }}
      treeDefaultExpandedKeys={options.map((o) => o.value)}
      popupMatchSelectWidth={460}
      style={{ width: '100%' }}
      listHeight={360}
    />
  );
}
