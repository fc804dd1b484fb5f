import { Card, Col, Empty, Row, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCan } from '../../app/session';
import { UnitDetails } from './unit-details';
import { UnitExportButton, UnitImportButton } from './unit-file-actions';
import { UnitTreePanel } from './unit-tree-panel';

/** /don-vi: the tree on the left, the selected unit (kept in the address, `?id=`) on the right. */
export function UnitsPage() {
  const { t } = useTranslation();
  const canManage = useCan('unit.manage');
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('id') ?? undefined;
  // Managers see inactive units too, since they are the ones who may reactivate them.
  const [includeInactive, setIncludeInactive] = useState(canManage);

  const select = (id: string | undefined) => setParams(id ? { id } : {}, { replace: false });

  return (
    <Row gutter={[16, 16]} align="stretch">
      <Col xs={24} lg={10} xxl={8}>
        <UnitTreePanel
          selectedId={selectedId}
          onSelect={select}
          includeInactive={includeInactive}
          onIncludeInactiveChange={setIncludeInactive}
          extra={
            canManage && (
              <Space size={8}>
                <UnitExportButton rootId={selectedId} />
                <UnitImportButton />
              </Space>
            )
          }
        />
      </Col>
      <Col xs={24} lg={14} xxl={16}>
        {selectedId ? (
          <UnitDetails key={selectedId} unitId={selectedId} onSelect={select} />
        ) : (
          <Card title={t('units.details')}>
            <Empty description={t('units.selectHint')} />
          </Card>
        )}
      </Col>
    </Row>
  );
}
