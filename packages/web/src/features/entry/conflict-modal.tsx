import type { SaveConflict } from '@baocao/core';
import { Button, Modal, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { displayValue } from './cell-format';
import { cellLabel, type FormModel } from './form-model';

type Props = { model: FormModel; conflicts: SaveConflict[] | null; onResolve: (choice: 'theirs' | 'mine') => void };

/** Someone else saved other figures in the same cells meanwhile: show both and let the user choose. */
export function ConflictModal({ model, conflicts, onResolve }: Props) {
  const { t } = useTranslation();
  const blank = <Typography.Text type="secondary">{t('entry.history.blank')}</Typography.Text>;
  const show = (cell: string, value: string | null) => {
    const column = model.columnByCode.get(cell.split('!')[1] ?? '');
    const text = column ? displayValue(column, value) : (value ?? '');
    return text === '' ? blank : text;
  };
  return (
    <Modal
      open={!!conflicts}
      title={t('entry.conflict.title')}
      closable={false}
      maskClosable={false}
      keyboard={false}
      width={760}
      footer={[
        <Button key="theirs" onClick={() => onResolve('theirs')}>
          {t('entry.conflict.keepTheirs')}
        </Button>,
        <Button key="mine" type="primary" danger onClick={() => onResolve('mine')}>
          {t('entry.conflict.overwrite')}
        </Button>,
      ]}
    >
      <Typography.Paragraph>{t('entry.conflict.text')}</Typography.Paragraph>
      <Table<SaveConflict>
        size="small"
        rowKey="cell"
        pagination={false}
        dataSource={conflicts ?? []}
        columns={[
          { title: t('entry.conflict.cell'), key: 'cell', render: (_, c) => cellLabel(model, c.cell) },
          { title: t('entry.conflict.mine'), key: 'mine', align: 'right', render: (_, c) => show(c.cell, c.mine) },
          { title: t('entry.conflict.theirs'), key: 'theirs', align: 'right', render: (_, c) => <Typography.Text strong>{show(c.cell, c.theirs)}</Typography.Text> },
          { title: t('entry.conflict.by'), key: 'by', render: (_, c) => c.byName ?? '—' },
        ]}
      />
    </Modal>
  );
}
