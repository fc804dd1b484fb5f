import type { CellHistoryEntry } from '@baocao/core';
import { Alert, Drawer, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api/problem';
import { formatDateTime } from '../../shared/format';
import { useCellHistory } from './api';
import { displayValue } from './cell-format';
import { cellLabel, type FormModel } from './form-model';

type Props = { assignmentId: string; model: FormModel; cell: string | null; onClose: () => void };

/** Who changed one cell, when, from what to what, and how (typed, uploaded, aggregated). */
export function HistoryDrawer({ assignmentId, model, cell, onClose }: Props) {
  const { t } = useTranslation();
  const history = useCellHistory(assignmentId, cell);
  const column = model.columnByCode.get(cell?.split('!')[1] ?? '');
  const show = (value: string | null) => {
    const text = column ? displayValue(column, value) : (value ?? '');
    return text === '' ? <Typography.Text type="secondary">{t('entry.history.blank')}</Typography.Text> : text;
  };
  return (
    <Drawer open={!!cell} onClose={onClose} size={640} title={t('entry.history.title')} destroyOnHidden>
      {cell && <Typography.Paragraph strong>{cellLabel(model, cell)}</Typography.Paragraph>}
      {history.isError && <Alert type="error" showIcon title={errorMessage(history.error)} />}
      <Table<CellHistoryEntry>
        data-testid="cell-history"
        size="small"
        loading={history.isPending && !!cell}
        rowKey={(e) => `${e.version}-${e.at}`}
        dataSource={history.data ?? []}
        pagination={false}
        locale={{ emptyText: t('entry.history.empty') }}
        columns={[
          { title: t('entry.history.at'), key: 'at', width: 150, render: (_, e) => formatDateTime(e.at) },
          { title: t('entry.history.by'), key: 'by', render: (_, e) => e.byName ?? '—' },
          {
            title: t('entry.history.change'),
            key: 'change',
            render: (_, e) => (
              <span>
                {show(e.oldValue)} → <Typography.Text strong>{show(e.newValue)}</Typography.Text>
              </span>
            ),
          },
          { title: t('entry.history.source'), key: 'source', render: (_, e) => t(`entry.history.sources.${e.source}`) },
          { title: t('entry.history.version'), dataIndex: 'version', width: 70, align: 'right' },
        ]}
      />
    </Drawer>
  );
}
