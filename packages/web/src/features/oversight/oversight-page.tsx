import { FileExcelOutlined, FileWordOutlined } from '@ant-design/icons';
import { formatDateVi, type OversightItem, type OversightQuery, type OversightRow, type UnitKind, type UnitTreeNode } from '@baocao/core';
import { Alert, Button, Card, Flex, Form, Progress, Segmented, Select, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSession } from '../../app/session';
import { errorMessage } from '../../shared/api/problem';
import { useUnitsAbove } from '../analytics/api';
import { useRegimes } from '../regimes/api';
import { useUnitTree } from '../units/api';
import { UnitTreeSelect } from '../units/unit-tree-select';
import { OutageMarks } from '../operations/outage-marks';
import { ReadSourceNote } from '../analytics/read-source-note';
import { partRange, usageReportUrl, useOversight, type UsagePart } from './api';

const PARTS: UsagePart[] = ['H1', 'H2', 'Y'];
const KINDS = ['all', 'commune', 'district', 'department'] as const;
const TIMELINESS_COLORS = { on_time: 'green', late: 'orange', missing: 'red', pending: 'default' } as const;

/**
 * "Theo dõi, đánh giá" (R37, R38): per unit of a subtree, the reports due in a half-year or a year, sent on
 * time, late (by how many days), missing or returned, with the score and rank of the administrative-reform
 * index and its formula; each unit's usage report as DOCX and XLSX. The choice lives in the URL.
 */
export function OversightPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const tree = useUnitTree();
  const visible = useMemo(() => (tree.data ? new Set(flattenIds(tree.data)) : null), [tree.data]);
  const above = useUnitsAbove(user.unitId, visible);
  const regimes = useRegimes({});

  const thisYear = dayjs().year();
  const year = Number(params.get('nam')) || thisYear;
  const part = (PARTS as string[]).includes(params.get('ky') ?? '') ? (params.get('ky') as UsagePart) : 'Y';
  const kind = (KINDS as readonly string[]).includes(params.get('loai') ?? '') ? (params.get('loai') as (typeof KINDS)[number]) : 'all';
  const rootUnitId = params.get('dv') ?? above.data?.[0]?.id ?? tree.data?.[0]?.id ?? null;
  const regimeId = params.get('cd') ?? undefined;
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const query: OversightQuery | null = rootUnitId
    ? { rootUnitId, ...partRange(year, part), ...(regimeId ? { regimeId } : {}), ...(kind === 'all' ? {} : { unitKind: kind as UnitKind }) }
    : null;
  const oversight = useOversight(query);
  const rows = useMemo(() => oversight.data?.rows ?? [], [oversight.data]);
  const itemsOf = useMemo(() => {
    const map = new Map<string, OversightItem[]>();
    for (const item of oversight.data?.items ?? []) map.set(item.unitId, [...(map.get(item.unitId) ?? []), item]);
    return map;
  }, [oversight.data]);

  const downloads = (unitId: string) => (
    <Flex gap={4}>
      <Tooltip title={`${t('oversight.docx')} — ${t(`oversight.parts.${part}`)} ${year}`}>
        <Button size="small" icon={<FileWordOutlined />} href={usageReportUrl('docx', unitId, year, part)} aria-label={t('oversight.docx')}>
          DOCX
        </Button>
      </Tooltip>
      <Tooltip title={`${t('oversight.xlsx')} — ${t(`oversight.parts.${part}`)} ${year}`}>
        <Button size="small" icon={<FileExcelOutlined />} href={usageReportUrl('xlsx', unitId, year, part)} aria-label={t('oversight.xlsx')}>
          XLSX
        </Button>
      </Tooltip>
    </Flex>
  );

  return (
    <Flex vertical gap={16}>
      <Card title={t('oversight.title')}>
        <Typography.Paragraph type="secondary">{t('oversight.intro')}</Typography.Paragraph>
        <Form layout="inline" style={{ rowGap: 12 }}>
          <Form.Item label={t('oversight.unit')} htmlFor="oversight-unit">
            {!tree.isPending && !above.isPending && (
              <UnitTreeSelect id="oversight-unit" value={rootUnitId ?? undefined} onChange={(v) => set('dv', v)} ancestors={above.data} style={{ minWidth: 280 }} />
            )}
          </Form.Item>
          <Form.Item label={t('oversight.unitKind')}>
            <Segmented
              value={kind}
              onChange={(v) => set('loai', v === 'all' ? undefined : v)}
              options={[
                { value: 'all', label: t('oversight.kindAll') },
                { value: 'commune', label: t('oversight.kindCommune') },
                { value: 'district', label: t('oversight.kindDistrict') },
                { value: 'department', label: t('oversight.kindDepartment') },
              ]}
            />
          </Form.Item>
          <Form.Item label={t('oversight.usageYear')} htmlFor="oversight-year">
            <Select id="oversight-year" value={year} onChange={(v) => set('nam', String(v))} style={{ width: 100 }} options={[0, 1, 2, 3].map((d) => ({ value: thisYear - d, label: String(thisYear - d) }))} />
          </Form.Item>
          <Form.Item label={t('oversight.usagePart')}>
            <Segmented value={part} onChange={(v) => set('ky', v)} options={PARTS.map((p) => ({ value: p, label: t(`oversight.parts.${p}`) }))} />
          </Form.Item>
          <Form.Item label={t('oversight.regime')} htmlFor="oversight-regime">
            <Select
              id="oversight-regime"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('oversight.regimeAll')}
              value={regimeId}
              onChange={(v: string | undefined) => set('cd', v)}
              style={{ minWidth: 280 }}
              options={(regimes.data ?? []).map((r) => ({ value: r.id, label: `${r.code} — ${r.name}` }))}
            />
          </Form.Item>
        </Form>
      </Card>

      {oversight.isError ? (
        <Alert type="error" showIcon title={errorMessage(oversight.error)} />
      ) : (
        <Card
          title={`${t(`oversight.parts.${part}`)} ${year}: ${formatDateVi(partRange(year, part).from)} – ${formatDateVi(partRange(year, part).to)}`}
          extra={oversight.data && <Typography.Text type="secondary">{t('oversight.asOf', { date: formatDateVi(oversight.data.today) })}</Typography.Text>}
        >
          <Table<OversightRow>
            size="small"
            rowKey="unitId"
            data-testid="oversight-table"
            loading={oversight.isFetching}
            dataSource={rows}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            locale={{ emptyText: t('oversight.empty') }}
            scroll={{ x: 1100 }}
            expandable={{
              expandedRowRender: (row) => <ItemsTable items={itemsOf.get(row.unitId) ?? []} />,
              rowExpandable: (row) => (itemsOf.get(row.unitId)?.length ?? 0) > 0,
            }}
            columns={[
              { title: t('oversight.columns.rank'), dataIndex: 'rank', width: 80, align: 'center', render: (r: number | null) => (r === null ? '—' : <Typography.Text strong>{r}</Typography.Text>) },
              { title: t('oversight.columns.unit'), dataIndex: 'unitName', width: 220, fixed: 'left' },
              { title: t('oversight.columns.due'), dataIndex: 'due', align: 'right', width: 80 },
              { title: t('oversight.columns.onTime'), dataIndex: 'onTime', align: 'right', width: 90 },
              {
                title: t('oversight.columns.late'),
                key: 'late',
                align: 'right',
                width: 140,
                render: (_, r) => (r.late > 0 ? `${r.late} (${t('oversight.lateDays', { count: r.daysLate })})` : r.late),
              },
              { title: t('oversight.columns.missing'), dataIndex: 'missing', align: 'right', width: 95, render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n) },
              { title: t('oversight.columns.pending'), dataIndex: 'pending', align: 'right', width: 110 },
              { title: t('oversight.columns.returned'), dataIndex: 'returned', align: 'right', width: 95 },
              {
                title: t('oversight.columns.score'),
                dataIndex: 'score',
                width: 150,
                render: (score: number | null) =>
                  score === null ? (
                    <Tooltip title={t('oversight.noScore')}>
                      <Typography.Text type="secondary">—</Typography.Text>
                    </Tooltip>
                  ) : (
                    <Progress percent={score} size="small" format={(p) => new Intl.NumberFormat('vi-VN').format(p ?? 0)} status={score >= 80 ? 'success' : score >= 50 ? 'normal' : 'exception'} />
                  ),
              },
              // Only units in the person's own subtree: a department's view of the communes has no such column.
              ...(rows.some((r) => visible?.has(r.unitId))
                ? [{ title: t('oversight.columns.report'), key: 'report', width: 170, render: (_: unknown, r: OversightRow) => (visible?.has(r.unitId) ? downloads(r.unitId) : null) }]
                : []),
            ]}
          />
          {oversight.data && (
            <Alert
              style={{ marginTop: 16 }}
              type="info"
              showIcon
              title={t('oversight.formula')}
              description={
                <>
                  <Typography.Paragraph style={{ marginBottom: 4 }} data-testid="oversight-formula">
                    {oversight.data.formula.text}
                  </Typography.Paragraph>
                  <Typography.Text type="secondary">{t('oversight.formulaConfig')}</Typography.Text>
                  <div>
                    <ReadSourceNote source={oversight.data.source} />
                  </div>
                </>
              }
            />
          )}
        </Card>
      )}

      <Card title={t('oversight.usageTitle')}>
        <Typography.Paragraph type="secondary">{t('oversight.usageHint')}</Typography.Paragraph>
        <Flex gap={12} align="center" wrap>
          <Typography.Text strong>{user.unitName}</Typography.Text>
          <Typography.Text>
            {t(`oversight.parts.${part}`)} {year}
          </Typography.Text>
          <Button icon={<FileWordOutlined />} href={usageReportUrl('docx', user.unitId, year, part)}>
            {t('oversight.docx')}
          </Button>
          <Button icon={<FileExcelOutlined />} href={usageReportUrl('xlsx', user.unitId, year, part)}>
            {t('oversight.xlsx')}
          </Button>
        </Flex>
      </Card>
    </Flex>
  );
}

function ItemsTable({ items }: { items: OversightItem[] }) {
  const { t } = useTranslation();
  return (
    <Table<OversightItem>
      size="small"
      rowKey="assignmentId"
      dataSource={items}
      pagination={false}
      columns={[
        { title: t('oversight.itemColumns.regime'), dataIndex: 'regimeCode' },
        { title: t('oversight.itemColumns.template'), dataIndex: 'templateCode' },
        { title: t('oversight.itemColumns.round'), dataIndex: 'roundLabel' },
        { title: t('oversight.itemColumns.dueOn'), dataIndex: 'dueOn', render: (d: string) => formatDateVi(d) },
        { title: t('oversight.itemColumns.sentOn'), dataIndex: 'sentOn', render: (d: string | null) => (d ? formatDateVi(d) : '—') },
        {
          title: t('oversight.itemColumns.timeliness'),
          key: 'timeliness',
          render: (_, i) => (
            <Flex gap={4} wrap>
              <Tag color={TIMELINESS_COLORS[i.timeliness]}>
                {t(`oversight.timeliness.${i.timeliness}`)}
                {i.daysLate > 0 ? ` · ${t('oversight.lateDays', { count: i.daysLate })}` : ''}
              </Tag>
              {i.returned > 0 && <Tag>{`${t('oversight.columns.returned')}: ${i.returned}`}</Tag>}
              <OutageMarks extendedDueOn={i.extendedDueOn} backfilled={i.backfilled} />
            </Flex>
          ),
        },
      ]}
    />
  );
}

function flattenIds(nodes: UnitTreeNode[]): string[] {
  return nodes.flatMap((n) => [n.id, ...flattenIds(n.children)]);
}
