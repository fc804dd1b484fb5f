import type { Indicator } from '@baocao/core';
import { useQuery } from '@tanstack/react-query';
import { Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api/client';
import { useDebounced } from './use-debounced';

/** How many matches the picker lists; the search narrows them. */
const SHOWN = 30;

/** Indicators of the library matching `q` (code or name, diacritics optional), for a picker. */
export function useIndicatorSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['templates', 'indicator-search', q],
    queryFn: ({ signal }) => api.get<Indicator[]>('/catalog/indicators', { q: q.trim() || undefined }, signal),
    enabled,
    staleTime: 60_000,
    placeholderData: (previous) => previous,
  });
}

/** One indicator by id, to show the one a row or placeholder is linked to. */
export function useIndicator(id: string | undefined) {
  return useQuery({
    queryKey: ['templates', 'indicator', id ?? ''],
    queryFn: ({ signal }) => api.get<Indicator>(`/catalog/indicators/${id}`, undefined, signal),
    enabled: !!id,
    staleTime: 5 * 60_000,
  });
}

type Props = {
  value: string | undefined;
  /** The chosen indicator, or null when the link is cleared. */
  onChange: (indicator: Indicator | null) => void;
  ariaLabel: string;
  disabled?: boolean;
  style?: React.CSSProperties;
};

/** A search box over the indicator library; the linked indicator shows as a tag with its code. */
export function IndicatorPicker({ value, onChange, ariaLabel, disabled, style }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState(false);
  const q = useDebounced(search, 300);
  const found = useIndicatorSearch(q, open);
  const linked = useIndicator(value);
  const list = (found.data ?? []).slice(0, SHOWN);
  if (linked.data && !list.some((i) => i.id === linked.data.id)) list.unshift(linked.data);
  const byId = new Map(list.map((i) => [i.id, i]));

  return (
    <Select<string>
      size="small"
      aria-label={ariaLabel}
      value={value}
      disabled={disabled}
      allowClear
      placeholder={disabled ? undefined : t('templates.indicator.placeholder')}
      style={{ width: '100%', ...style }}
      popupMatchSelectWidth={420}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      onOpenChange={setOpen}
      loading={found.isFetching}
      notFoundContent={found.isFetching ? t('templates.indicator.searching') : t('templates.indicator.none')}
      options={list.map((i) => ({
        value: i.id,
        label: (
          <span>
            <Typography.Text code>{i.code}</Typography.Text> {i.name}
            <Typography.Text type="secondary">{` · ${i.setCode} v${i.setVersion}${i.unitOfMeasure ? ` · ${i.unitOfMeasure}` : ''}`}</Typography.Text>
          </span>
        ),
      }))}
      labelRender={({ value: id }) => {
        const ind = byId.get(String(id));
        return ind ? (
          <span title={ind.name}>
            <Tag color="blue" style={{ marginInlineEnd: 4 }}>{ind.code}</Tag>
            {ind.name}
          </span>
        ) : (
          <Tag>{t('templates.indicator.linked')}</Tag>
        );
      }}
      onChange={(id) => {
        setSearch('');
        onChange(id ? (byId.get(id) ?? null) : null);
      }}
    />
  );
}
