import { ReloadOutlined } from '@ant-design/icons';
import { INBOX_CATEGORIES, type InboxCategory, type InboxItem } from '@baocao/core';
import { Badge, Button, Card, Empty, Flex, Table, Tabs, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ErrorResult } from '../../shared/ui/error-result';
import { useInbox } from './api';
import { formatDay } from './dates';
import { itemPath, useInboxColumns } from './inbox-columns';

type Tab = InboxCategory | 'all';

/** Overdue work first (the most overdue on top), then by the due date that binds the person, so what is due soonest leads. */
function byUrgency(a: InboxItem, b: InboxItem): number {
  if (a.timeLeft.overdue !== b.timeLeft.overdue) return a.timeLeft.overdue ? -1 : 1;
  return a.timeLeft.days - b.timeLeft.days || a.template.code.localeCompare(b.template.code) || a.unitName.localeCompare(b.unitName);
}

/** /viec-cua-toi, the landing page: the reports the user's units must enter, aggregate, review or sign. */
export function InboxPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = (INBOX_CATEGORIES as readonly string[]).includes(params.get('muc') ?? '') ? (params.get('muc') as InboxCategory) : 'all';
  const inbox = useInbox();
  const items = inbox.data?.items;
  const severalUnits = new Set(items?.map((i) => i.unitId)).size > 1;
  const columns = useInboxColumns(severalUnits);
  const shown = useMemo(() => (items ?? []).filter((i) => tab === 'all' || i.categories.includes(tab)).sort(byUrgency), [items, tab]);

  const count = (key: Tab) => (key === 'all' ? (items?.length ?? 0) : (inbox.data?.counts[key] ?? 0));
  const tabs = (['all', ...INBOX_CATEGORIES] as const).map((key) => ({
    key,
    label: (
      <Flex gap={6} align="center">
        {t(`inbox.category.${key}`)}
        <Badge count={count(key)} showZero overflowCount={999} color={count(key) === 0 ? '#bfbfbf' : key === 'overdue' ? '#cf1322' : '#1f6fb2'} />
      </Flex>
    ),
  }));

  const empty =
    items?.length === 0 ? (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<Flex vertical><Typography.Text strong>{t('inbox.empty')}</Typography.Text><Typography.Text type="secondary">{t('inbox.emptyHint')}</Typography.Text></Flex>} />
    ) : (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inbox.emptyCategory', { category: t(`inbox.category.${tab}`) })} />
    );

  return (
    <Card
      title={t('inbox.title')}
      extra={
        <Flex gap={12} align="center">
          {inbox.data && <Typography.Text type="secondary">{t('inbox.today', { date: formatDay(inbox.data.today) })}</Typography.Text>}
          <Button icon={<ReloadOutlined />} aria-label={t('inbox.refresh')} title={t('inbox.refresh')} onClick={() => void inbox.refetch()} loading={inbox.isFetching} />
        </Flex>
      }
    >
      <Tabs activeKey={tab} onChange={(key) => setParams(key === 'all' ? {} : { muc: key }, { replace: true })} items={tabs} />
      {inbox.isError && !inbox.data ? (
        <ErrorResult error={inbox.error} onRetry={() => void inbox.refetch()} />
      ) : (
        <Table<InboxItem>
          rowKey="id"
          size="middle"
          loading={inbox.isPending}
          columns={columns}
          dataSource={shown}
          locale={{ emptyText: inbox.isPending ? ' ' : empty }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(r) => ({ onClick: () => void navigate(itemPath(r)), style: { cursor: 'pointer' } })}
        />
      )}
    </Card>
  );
}
