import { Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CellsEditor } from './cells-editor';
import { ColumnsEditor } from './columns-editor';
import { ConstraintsEditor } from './constraints-editor';
import { FormulaBar, ProblemList } from './formula-bar';
import type { FormulaTarget, GridEditorProps } from './grid-editing';
import { RowsEditor } from './rows-editor';

/** Step 2: the formula bar on top, then rows, columns and checks; problems listed as the engine finds them. */
export function GridStep(props: Omit<GridEditorProps, 'onFocusFormula'>) {
  const { t } = useTranslation();
  const [target, setTarget] = useState<FormulaTarget | null>(null);
  const editor = { ...props, onFocusFormula: setTarget };
  return (
    <Flex vertical gap={16}>
      <div style={{ position: 'sticky', top: 0, zIndex: 5, background: '#fff', paddingBottom: 4 }}>
        <FormulaBar {...props} target={target} />
      </div>
      <ProblemList problems={props.problems} />
      <section>
        <Typography.Title level={5}>{t('templates.columns')}</Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
          {t('templates.column.headerHint')}
        </Typography.Paragraph>
        <ColumnsEditor {...editor} />
      </section>
      <section>
        <Typography.Title level={5}>{t('templates.rows')}</Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
          {t('templates.rowsHint')}
        </Typography.Paragraph>
        <RowsEditor {...editor} />
      </section>
      <section>
        <Typography.Title level={5}>{t('templates.cells')}</Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
          {t('templates.cellsHint')}
        </Typography.Paragraph>
        <CellsEditor {...editor} />
      </section>
      <section>
        <Typography.Title level={5}>{t('templates.constraints')}</Typography.Title>
        <ConstraintsEditor {...editor} />
      </section>
    </Flex>
  );
}
