import { dayOfWeek, formatDateVi } from '@baocao/core';
import { useTranslation } from 'react-i18next';

/** A day with its weekday: "Thứ Hai, 02/02/2026". */
export function useDayLabel() {
  const { t } = useTranslation();
  return (date: string) => `${t(`regimes.calendar.weekday.d${dayOfWeek(date)}` as 'regimes.calendar.weekday.d0')}, ${formatDateVi(date)}`;
}
