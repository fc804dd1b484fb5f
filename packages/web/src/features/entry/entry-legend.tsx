import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

const SWATCHES: Record<'input' | 'computed' | 'fixed' | 'disabled' | 'error' | 'warning' | 'flagged', React.CSSProperties> = {
  input: { background: '#fff' },
  computed: { background: '#e6f4ff' },
  fixed: { background: '#fffbe6' },
  disabled: { background: 'repeating-linear-gradient(45deg, #f2f2f2 0 5px, #c4c4c4 5px 6px)' },
  error: { background: '#fff1f0', boxShadow: 'inset 0 0 0 2px #f5222d' },
  warning: { background: '#fff7e6', boxShadow: 'inset 0 0 0 2px #fa8c16' },
  flagged: {},
};

/** What the colours of the grid mean, and how to type and paste. */
export function EntryLegend({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={4} style={{ fontSize: 12 }}>
      <Flex gap={16} wrap>
        {(Object.keys(SWATCHES) as (keyof typeof SWATCHES)[]).map((kind) => (
          <Flex key={kind} gap={6} align="center">
            <span className={`entry-legend-swatch entry-${kind}`} style={SWATCHES[kind]} />
            <Typography.Text type="secondary">{t(`entry.legend.${kind}`)}</Typography.Text>
          </Flex>
        ))}
      </Flex>
      {editable && <Typography.Text type="secondary">{t('entry.hint')}</Typography.Text>}
    </Flex>
  );
}
