import { FUNCTIONS } from '@baocao/core';
import { AutoComplete, Input, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export type FormulaCodes = { rows: string[]; columns: string[] };

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** A code that is not a plain name (starts with a digit, has `.` or `-`) is written in brackets. */
const asReference = (code: string) => (NAME.test(code) ? code : `[${code}]`);
const FUNCTION_NAMES = [...Object.keys(FUNCTIONS), 'CHILDREN'];

type Props = {
  value: string;
  onChange: (value: string) => void;
  codes: FormulaCodes;
  /** Whether bare codes are rows (a row formula) or columns (a column formula); both for expressions. */
  prefer?: 'rows' | 'columns' | 'both';
  onFocus?: () => void;
  invalid?: boolean;
  disabled?: boolean;
  placeholder?: string;
  ariaLabel: string;
  size?: 'small' | 'middle' | 'large';
  style?: React.CSSProperties;
};

/**
 * A formula field with completion: the word being typed at the end is matched against row codes,
 * column codes and function names; picking one completes it (in brackets when the code needs them).
 */
export function FormulaInput({ value, onChange, codes, prefer = 'both', onFocus, invalid, disabled, placeholder, ariaLabel, size = 'small', style }: Props) {
  const { t } = useTranslation();
  const options = useMemo(() => {
    const match = /(\[?[A-Za-z0-9_.-]*)$/.exec(value);
    const word = match?.[1] ?? '';
    if (!word) return [];
    const head = value.slice(0, value.length - word.length);
    const needle = word.replace(/^\[/, '').toUpperCase();
    const candidates: { code: string; kind: string; text: string }[] = [
      ...(prefer !== 'columns' ? codes.rows.map((c) => ({ code: c, kind: t('templates.suggestRow'), text: asReference(c) })) : []),
      ...(prefer !== 'rows' ? codes.columns.map((c) => ({ code: c, kind: t('templates.suggestColumn'), text: asReference(c) })) : []),
      ...FUNCTION_NAMES.map((f) => ({ code: f, kind: t('templates.suggestFunction'), text: f === 'CHILDREN' ? f : `${f}(` })),
    ];
    const seen = new Set<string>();
    return candidates
      .filter((c) => c.code && c.code.toUpperCase().startsWith(needle) && c.code.toUpperCase() !== needle)
      .filter((c) => !seen.has(c.kind + c.code) && seen.add(c.kind + c.code))
      .slice(0, 12)
      .map((c) => ({
        value: head + c.text,
        label: (
          <span>
            <Typography.Text code>{c.code}</Typography.Text> <Typography.Text type="secondary">{c.kind}</Typography.Text>
          </span>
        ),
      }));
  }, [value, codes, prefer, t]);

  return (
    <AutoComplete value={value} options={options} onChange={onChange} disabled={disabled} style={{ width: '100%', ...style }} popupMatchSelectWidth={false}>
      <Input
        size={size}
        aria-label={ariaLabel}
        placeholder={placeholder}
        status={invalid ? 'error' : undefined}
        onFocus={onFocus}
        spellCheck={false}
        // Formulas in a monospace font; the Vietnamese hint not, as monospace fonts render its diacritics badly.
        style={value ? { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' } : undefined}
      />
    </AutoComplete>
  );
}

/** The errors of one formula, shown right under it. */
export function FormulaErrors({ messages }: { messages: string[] }) {
  if (!messages.length) return null;
  return (
    <div role="alert">
      {messages.map((m, i) => (
        <Typography.Text key={i} type="danger" style={{ display: 'block', fontSize: 12, lineHeight: 1.4, marginTop: 2 }}>
          {m}
        </Typography.Text>
      ))}
    </div>
  );
}
