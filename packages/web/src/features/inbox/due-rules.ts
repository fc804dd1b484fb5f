import type { FormRule } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatDay, lastInternalDay, toDay } from './dates';

/**
 * Form rules for an internal deadline: not in the past (the server's today) and before the deadline
 * the unit itself must meet. The server checks the same and answers `delegation.deadline_past` /
 * `delegation.deadline_after_outer`.
 */
export function useDueRules(today: string, outer: string, required: boolean): FormRule[] {
  const { t } = useTranslation();
  return [
    { required, message: t('validation.required') },
    {
      validator: (_, value: Dayjs | null | undefined) => {
        if (!value) return Promise.resolve();
        const day = toDay(value);
        if (day > lastInternalDay(outer)) return Promise.reject(new Error(t('inbox.delegate.dueAfterOuter', { date: formatDay(outer) })));
        if (day < today) return Promise.reject(new Error(t('inbox.delegate.duePast')));
        return Promise.resolve();
      },
    },
  ];
}
