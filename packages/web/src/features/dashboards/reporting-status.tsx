import type { DashboardBucket, InboxCategory, ReportingStatus } from '@baocao/core';
import { DASHBOARD_BUCKETS, formatDateVi } from '@baocao/core';
import { Button, Card, Col, Flex, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

const COLORS: Record<DashboardBucket, string> = { to_do: '#1f6fb2', awaiting_signature: '#d48806', sent: '#531dab', accepted: '#389e0d', late: '#cf1322' };
/** Which tab of "Việc của tôi" lists the reports behind a count (where there is one). */
const TO_SEND_TAB: Partial<Record<DashboardBucket, InboxCategory>> = { to_do: 'to_enter', awaiting_signature: 'to_sign', late: 'overdue' };
const REQUESTED_TAB: Partial<Record<DashboardBucket, InboxCategory>> = { sent: 'to_review' };

/** Counts of the current period's reports by where they stand: those the unit sends, those it asked for. */
export function ReportingStatusCard({ status, canOversee }: { status: ReportingStatus; canOversee: boolean }) {
  const { t } = useTranslation();
  const side = (title: string, counts: Record<DashboardBucket, number>, tabs: Partial<Record<DashboardBucket, InboxCategory>>, testId: string) => (
    <Col xs={24} xxl={12}>
      <Typography.Title level={5}>{title}</Typography.Title>
      <Flex gap={12} wrap data-testid={testId}>
        {DASHBOARD_BUCKETS.map((bucket) => {
          const tab = tabs[bucket];
          const value = (
            <Statistic
              title={t(`dashboards.bucket.${bucket}`)}
              value={counts[bucket]}
              styles={{ content: { color: counts[bucket] > 0 ? COLORS[bucket] : '#8c8c8c', fontWeight: 600 } }}
            />
          );
          return (
            <Card key={bucket} size="small" hoverable={!!tab && counts[bucket] > 0} style={{ flex: '1 1 150px', borderTop: `3px solid ${COLORS[bucket]}` }}>
              {tab && counts[bucket] > 0 ? <Link to={`/viec-cua-toi?muc=${tab}`}>{value}</Link> : value}
            </Card>
          );
        })}
      </Flex>
    </Col>
  );
  return (
    <Card
      title={t('dashboards.statusTitle')}
      extra={
        <Flex gap={8} wrap>
          <Link to="/viec-cua-toi">
            <Button>{t('dashboards.openInbox')}</Button>
          </Link>
          {canOversee && (
            <Link to="/theo-doi">
              <Button>{t('dashboards.openOversight')}</Button>
            </Link>
          )}
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('dashboards.statusHint', { from: formatDateVi(status.from), to: formatDateVi(status.to) })}</Typography.Paragraph>
      <Row gutter={[24, 16]}>
        {side(t('dashboards.toSend'), status.toSend, TO_SEND_TAB, 'status-to-send')}
        {side(t('dashboards.requested'), status.requested, REQUESTED_TAB, 'status-requested')}
      </Row>
    </Card>
  );
}
