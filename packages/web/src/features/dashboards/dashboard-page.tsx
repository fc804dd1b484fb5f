import { LineChartOutlined } from '@ant-design/icons';
import { formatDateVi } from '@baocao/core';
import { Alert, Button, Card, Col, Empty, Flex, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../../app/session';
import { errorMessage } from '../../shared/api/problem';
import { ReadSourceNote } from '../analytics/read-source-note';
import { useDashboard } from './api';
import { IndicatorCard } from './indicator-card';
import { ReportingStatusCard } from './reporting-status';
import { SavedViewsTable } from './saved-views-table';

/**
 * "Tổng quan": a leader's overview of their unit (issue 7): where this period's reports stand, with links
 * into the inbox and the oversight page, the key indicators pinned from the exploration page with their
 * trend, and the saved views of the user and their unit.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const dashboard = useDashboard();
  const canOversee = useCan('oversight.read');

  if (dashboard.isError) return <Alert type="error" showIcon title={errorMessage(dashboard.error)} />;
  if (!dashboard.data) return <Card loading />;
  const d = dashboard.data;

  return (
    <Flex vertical gap={16}>
      <Flex align="baseline" justify="space-between" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('dashboards.title', { unit: d.unitName })}
        </Typography.Title>
        <Typography.Text type="secondary">{t('dashboards.today', { date: formatDateVi(d.today) })}</Typography.Text>
      </Flex>
      <ReadSourceNote source={d.source} />
      <ReportingStatusCard status={d.status} canOversee={canOversee} />
      <Card
        title={t('dashboards.indicatorsTitle')}
        extra={
          <Link to="/khai-thac">
            <Button icon={<LineChartOutlined />}>{t('dashboards.goExplore')}</Button>
          </Link>
        }
      >
        {d.indicators.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboards.indicatorsEmpty')} />
        ) : (
          <Row gutter={[16, 16]}>
            {d.indicators.map((indicator) => (
              <Col key={indicator.view.id} xs={24} lg={12} xxl={8}>
                <IndicatorCard indicator={indicator} />
              </Col>
            ))}
          </Row>
        )}
      </Card>
      <Card title={t('dashboards.savedTitle')}>
        <SavedViewsTable />
      </Card>
    </Flex>
  );
}
