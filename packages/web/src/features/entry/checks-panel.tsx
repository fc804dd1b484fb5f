import { CheckCircleOutlined, CloseCircleFilled, WarningFilled } from '@ant-design/icons';
import { Alert, Badge, Card, Flex, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { cellLabel, type FormModel } from './form-model';

/** A failed check of the live evaluation, with its explanation key. */
export type Check = { key: string; severity: 'error' | 'warning'; message: string; cells: string[] };

type Props = {
  model: FormModel;
  checks: Check[];
  explanations: Record<string, string>;
  invalidCells: { cell: string; message: string }[];
  editable: boolean;
  onExplain: (key: string, text: string) => void;
  onFocus: (cell: string) => void;
};

function CheckItem({ check, model, onFocus, children }: { check: Check; model: FormModel; onFocus: (cell: string) => void; children?: React.ReactNode }) {
  const { t } = useTranslation();
  const first = check.cells[0];
  return (
    <div data-testid={`check-${check.severity}`} style={{ padding: '8px 0', borderTop: '1px solid #f0f0f0' }}>
      <Flex gap={8} align="start">
        {check.severity === 'error' ? <CloseCircleFilled style={{ color: '#f5222d', marginTop: 4 }} /> : <WarningFilled style={{ color: '#fa8c16', marginTop: 4 }} />}
        <Flex vertical gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Typography.Text>{check.message}</Typography.Text>
          {first && (
            <Typography.Link onClick={() => onFocus(first)} title={t('entry.checks.goTo')}>
              {cellLabel(model, first)}
            </Typography.Link>
          )}
          {children}
        </Flex>
      </Flex>
    </div>
  );
}

/**
 * The checks of the template on the figures as typed: errors block sending, each warning needs an
 * explanation (saved with the draft). Clicking a check focuses its first cell.
 */
export function ChecksPanel({ model, checks, explanations, invalidCells, editable, onExplain, onFocus }: Props) {
  const { t } = useTranslation();
  const errors = checks.filter((c) => c.severity === 'error');
  const warnings = checks.filter((c) => c.severity === 'warning');
  return (
    <Card
      size="small"
      data-testid="checks-panel"
      title={
        <Flex gap={8} align="center">
          {t('entry.checks.title')}
          {checks.length > 0 && <Typography.Text type="secondary">{t('entry.checks.summary', { errors: errors.length, warnings: warnings.length })}</Typography.Text>}
        </Flex>
      }
    >
      {invalidCells.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('entry.checks.invalidSaved')}
          description={invalidCells.map((c) => `${cellLabel(model, c.cell)}: ${c.message}`).join('; ')}
        />
      )}
      {checks.length === 0 && (
        <Typography.Text type="success">
          <CheckCircleOutlined /> {t('entry.checks.ok')}
        </Typography.Text>
      )}
      {errors.length > 0 && (
        <>
          <Typography.Text strong type="danger">
            {t('entry.checks.errorsTitle')}
          </Typography.Text>
          {errors.map((c) => (
            <CheckItem key={c.key} check={c} model={model} onFocus={onFocus} />
          ))}
        </>
      )}
      {warnings.length > 0 && (
        <div style={{ marginTop: errors.length ? 12 : 0 }}>
          <Typography.Text strong style={{ color: '#d46b08' }}>
            {t('entry.checks.warningsTitle')}
          </Typography.Text>
          {warnings.map((c) => {
            const text = explanations[c.key] ?? '';
            return (
              <CheckItem key={c.key} check={c} model={model} onFocus={onFocus}>
                <Flex vertical gap={2} style={{ marginTop: 4 }}>
                  <Flex gap={6} align="center">
                    <Typography.Text type="secondary">{t('entry.checks.explanation')}</Typography.Text>
                    {!text.trim() && <Badge status="warning" text={t('entry.checks.unexplained')} />}
                  </Flex>
                  <Input.TextArea
                    aria-label={`${t('entry.checks.explanation')}: ${c.message}`}
                    autoSize={{ minRows: 1, maxRows: 4 }}
                    maxLength={2000}
                    placeholder={t('entry.checks.explanationPlaceholder')}
                    value={text}
                    disabled={!editable}
                    onChange={(e) => onExplain(c.key, e.target.value)}
                  />
                </Flex>
              </CheckItem>
            );
          })}
        </div>
      )}
    </Card>
  );
}
