import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Placeholder } from '@baocao/core';
import { Button, Flex, Input, Select, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { replaceAt } from './grid-editing';
import { IndicatorPicker } from './indicator-picker';

type Kind = Placeholder['source']['kind'];
type Props = { placeholders: Placeholder[]; onChange: (p: Placeholder[]) => void; readOnly: boolean; place: string };

const KEY = /^[a-z0-9_]{1,40}$/;

/** A key from the label: lower case, no diacritics, `_` between words, unique within the section. */
function keyFrom(label: string, taken: Placeholder[]): string {
  const base =
    label
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/gi, 'd')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 36) || 'du_lieu';
  let key = base;
  for (let n = 2; taken.some((p) => p.key === key); n++) key = `${base}_${n}`;
  return key;
}

const sourceOf = (kind: Kind): Placeholder['source'] => (kind === 'cell' ? { kind, templateCode: '', row: '', column: '' } : { kind, indicatorId: '' });

/**
 * The data placeholders of one section: a key, the label the writer sees, and where the figure
 * comes from — a cell of a numeric template (template, row and column codes) or a library indicator.
 */
export function PlaceholdersEditor({ placeholders, onChange, readOnly, place }: Props) {
  const { t } = useTranslation();
  const set = (j: number, patch: Partial<Placeholder>) => onChange(replaceAt(placeholders, j, { ...placeholders[j]!, ...patch }));
  const label = (what: string, j: number) => `${t(`templates.placeholder.${what as 'key'}`)} ${place}.${j + 1}`;
  return (
    <Flex vertical gap={4} style={{ marginTop: 6 }}>
      {placeholders.map((p, j) => {
        const src = p.source;
        return (
          <Flex key={j} gap={4} wrap align="center" style={{ background: '#f6f9fc', padding: 4, borderRadius: 4 }}>
            <Input size="small" aria-label={label('label', j)} placeholder={t('templates.placeholder.label')} value={p.label} disabled={readOnly} status={p.label.trim() ? undefined : 'error'} style={{ width: 170 }}
              onChange={(e) => set(j, { label: e.target.value, ...(p.key && p.key !== keyFrom(p.label, placeholders.filter((_, k) => k !== j)) ? {} : { key: keyFrom(e.target.value, placeholders.filter((_, k) => k !== j)) }) })} />
            <Input size="small" aria-label={label('key', j)} placeholder={t('templates.placeholder.key')} value={p.key} disabled={readOnly} status={KEY.test(p.key) ? undefined : 'error'} style={{ width: 120, fontFamily: 'monospace' }}
              onChange={(e) => set(j, { key: e.target.value })} />
            <Select<Kind> size="small" aria-label={label('source', j)} value={src.kind} disabled={readOnly} style={{ width: 140 }}
              options={(['cell', 'indicator'] as const).map((k) => ({ value: k, label: t(`templates.placeholder.kind.${k}`) }))}
              onChange={(kind) => set(j, { source: sourceOf(kind) })} />
            {src.kind === 'cell' ? (
              <>
                {(['templateCode', 'row', 'column'] as const).map((f) => (
                  <Input key={f} size="small" aria-label={label(f, j)} placeholder={t(`templates.placeholder.${f}`)} value={src[f]} disabled={readOnly} status={src[f].trim() ? undefined : 'error'}
                    style={{ width: f === 'templateCode' ? 100 : 64 }} onChange={(e) => set(j, { source: { ...src, [f]: e.target.value.trim() } })} />
                ))}
              </>
            ) : (
              <IndicatorPicker ariaLabel={label('indicator', j)} value={src.indicatorId || undefined} disabled={readOnly} style={{ width: 280 }}
                onChange={(ind) => set(j, { source: { kind: 'indicator', indicatorId: ind?.id ?? '' }, ...(ind && !p.label.trim() ? { label: ind.name, key: keyFrom(ind.name, placeholders.filter((_, k) => k !== j)) } : {}) })} />
            )}
            {!readOnly && (
              <Tooltip title={t('templates.placeholder.remove')}>
                <Button size="small" type="text" danger aria-label={label('remove', j)} icon={<DeleteOutlined />} onClick={() => onChange(placeholders.filter((_, k) => k !== j))} />
              </Tooltip>
            )}
          </Flex>
        );
      })}
      {!readOnly && placeholders.length < 50 && (
        <Button size="small" type="link" icon={<PlusOutlined />} style={{ alignSelf: 'flex-start', paddingInline: 0 }} aria-label={`${t('templates.placeholder.add')} ${place}`}
          onClick={() => onChange([...placeholders, { key: keyFrom('', placeholders), label: '', source: sourceOf('cell') }])}>
          {t('templates.placeholder.add')}
        </Button>
      )}
    </Flex>
  );
}
