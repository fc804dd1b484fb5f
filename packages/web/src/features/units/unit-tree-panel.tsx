import { NodeCollapseOutlined, NodeExpandOutlined, SearchOutlined } from '@ant-design/icons';
import type { UnitTreeNode } from '@baocao/core';
import { Button, Card, Checkbox, Empty, Flex, Input, Spin, Tag, Tooltip, Tree, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorResult } from '../../shared/ui/error-result';
import { useUnitTree } from './api';
import { branchIds, findUnitPath, searchUnitTree, splitMatch } from './tree-utils';
import { KIND_COLORS } from './unit-kind';

type Item = { key: string; unit: UnitTreeNode; children: Item[] };

const toItems = (nodes: UnitTreeNode[]): Item[] => nodes.map((unit) => ({ key: unit.id, unit, children: toItems(unit.children) }));

function Highlighted({ text, query }: { text: string; query: string }) {
  const parts = splitMatch(text, query);
  if (!parts) return text;
  return (
    <>
      {parts[0]}
      <mark style={{ background: '#ffe58f', padding: 0, borderRadius: 2 }}>{parts[1]}</mark>
      {parts[2]}
    </>
  );
}

function UnitTitle({ unit, query }: { unit: UnitTreeNode; query: string }) {
  const { t } = useTranslation();
  return (
    <Flex data-unit-code={unit.code} justify="space-between" align="start" gap={8} style={{ color: unit.active ? undefined : 'rgba(0,0,0,0.4)' }}>
      <span>
        <Highlighted text={unit.name} query={query} />{' '}
        <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
          <Highlighted text={unit.code} query={query} />
        </Typography.Text>
      </span>
      <span style={{ whiteSpace: 'nowrap' }}>
        {!unit.active && <Tag>{t('common.inactive')}</Tag>}
        <Tag color={unit.active ? KIND_COLORS[unit.kind] : undefined} style={{ marginInlineEnd: 0 }}>
          {t(`unitKind.${unit.kind}`)}
        </Tag>
      </span>
    </Flex>
  );
}

type Props = {
  selectedId: string | undefined;
  onSelect: (id: string | undefined) => void;
  includeInactive: boolean;
  onIncludeInactiveChange: (value: boolean) => void;
  extra?: ReactNode;
};

/** The unit tree of the user's scope, with a search that narrows the tree and marks what matched. */
export function UnitTreePanel({ selectedId, onSelect, includeInactive, onIncludeInactiveChange, extra }: Props) {
  const { t } = useTranslation();
  const tree = useUnitTree(includeInactive);
  const [query, setQuery] = useState('');
  const [expanded, setExpanded] = useState<string[] | null>(null);

  const roots = useMemo(() => tree.data ?? [], [tree.data]);
  const found = useMemo(() => searchUnitTree(roots, query), [roots, query]);
  const items = useMemo(() => toItems(found.roots), [found.roots]);
  const searching = query.trim() !== '';

  const expandedKeys = expanded ?? roots.map((r) => r.id);

  // The selected unit gets its branch opened once per place in the tree (selected from a link, just
  // created, just moved), as soon as the tree holds it; the user may collapse it again afterwards.
  const [revealed, setRevealed] = useState<string | undefined>();
  const path = selectedId ? findUnitPath(found.roots, selectedId) : null;
  const place = path ? [...path.ancestors, selectedId].join('/') : undefined;
  if (path && place !== revealed) {
    setRevealed(place);
    const missing = path.ancestors.filter((id) => !expandedKeys.includes(id));
    if (missing.length) setExpanded([...expandedKeys, ...missing]);
  }
  const scroller = useRef<HTMLDivElement>(null);
  useEffect(() => {
    scroller.current?.querySelector('.ant-tree-treenode-selected')?.scrollIntoView({ block: 'nearest' });
  }, [revealed]);

  return (
    <Card
      title={t('units.tree')}
      extra={extra}
      styles={{ body: { paddingTop: 12 } }}
      style={{ height: '100%' }}
    >
      <Flex vertical gap={8}>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('units.searchPlaceholder')}
          aria-label={t('units.searchPlaceholder')}
          value={query}
          onChange={(e) => {
            const value = e.target.value;
            setQuery(value);
            // A new search opens exactly the branches that lead to its matches.
            setExpanded(value.trim() ? searchUnitTree(roots, value).expand : null);
          }}
        />
        <Flex align="center" justify="space-between" wrap gap={8}>
          <Checkbox checked={includeInactive} onChange={(e) => onIncludeInactiveChange(e.target.checked)}>
            {t('units.showInactive')}
          </Checkbox>
          <Flex gap={4}>
            <Tooltip title={t('units.expandAll')}>
              <Button size="small" icon={<NodeExpandOutlined />} aria-label={t('units.expandAll')} onClick={() => setExpanded(branchIds(found.roots))} />
            </Tooltip>
            <Tooltip title={t('units.collapseAll')}>
              <Button size="small" icon={<NodeCollapseOutlined />} aria-label={t('units.collapseAll')} onClick={() => setExpanded([])} />
            </Tooltip>
          </Flex>
        </Flex>
        {searching && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {found.matches.size ? t('units.matches', { count: found.matches.size }) : t('units.noMatch')}
          </Typography.Text>
        )}
        <div ref={scroller} style={{ maxHeight: 'calc(100vh - 290px)', minHeight: 200, overflow: 'auto' }}>
          {tree.isPending ? (
            <Flex justify="center" style={{ padding: 32 }}>
              <Spin />
            </Flex>
          ) : tree.isError ? (
            <ErrorResult error={tree.error} onRetry={() => void tree.refetch()} />
          ) : items.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={searching ? t('units.noMatch') : undefined} />
          ) : (
            <Tree<Item>
              blockNode
              showLine
              treeData={items}
              expandedKeys={expandedKeys}
              onExpand={(keys) => setExpanded(keys.map(String))}
              selectedKeys={selectedId ? [selectedId] : []}
              onSelect={(_keys, info) => onSelect(String(info.node.key))}
              titleRender={(item) => <UnitTitle unit={item.unit} query={query} />}
            />
          )}
        </div>
      </Flex>
    </Card>
  );
}
