import { formatDateVi, type Regime, type RegimeTarget, type UnitGroup } from '@baocao/core';
import type { TFunction } from 'i18next';

type Rules = Pick<Regime, 'kind' | 'periodicity' | 'cutoffRule' | 'deadlineRule' | 'startsOn' | 'endsOn' | 'asOf' | 'dueOn'>;

/** The cutoff rule in words: "Theo Nghị định 09/2019 (…)", or the custom offsets. */
export function cutoffText(t: TFunction, rule: Regime['cutoffRule']): string {
  if (!rule) return t('common.none');
  if (rule.kind === 'custom') return t('regimes.rules.cutoffCustom', { start: signed(rule.startOffsetDays), end: signed(rule.endOffsetDays) });
  return t(`regimes.cutoffKind.${rule.kind}`);
}

/** The deadline rule in words: "2 ngày làm việc sau ngày chốt số liệu", "Ngày 20 của tháng sau kỳ". */
export function deadlineText(t: TFunction, rule: Regime['deadlineRule']): string {
  if (!rule) return t('common.none');
  if (rule.kind === 'working_days_after_cutoff') return t('regimes.rules.deadlineWorkingDays', { count: rule.days });
  const month = t(`regimes.monthOffset.m${rule.monthOffset ?? 0}` as 'regimes.monthOffset.m0');
  return t('regimes.rules.deadlineDayOfMonth', { day: rule.day, month: month.toLowerCase() });
}

/** The regime's span: "Từ 01/12/2026" or "Từ 01/12/2026 đến 31/12/2027". */
export function spanText(t: TFunction, r: Rules): string {
  return r.endsOn
    ? t('regimes.rules.spanBounded', { from: formatDateVi(r.startsOn), to: formatDateVi(r.endsOn) })
    : t('regimes.rules.spanOpen', { from: formatDateVi(r.startsOn) });
}

/** One target in words, naming units where their names are known. */
export function targetText(t: TFunction, target: RegimeTarget, names: Map<string, string>, groups: UnitGroup[] | undefined): string {
  switch (target.type) {
    case 'units':
    case 'external': {
      const known = target.unitIds.map((id) => names.get(id)).filter((n): n is string => !!n);
      const rest = target.unitIds.length - known.length;
      const list = [...known, ...(rest > 0 ? [t('regimes.rules.moreUnits', { count: rest })] : [])].join(', ');
      return `${t(`regimes.targetType.${target.type}`)}: ${list}`;
    }
    case 'kind':
      return t('regimes.rules.targetKind', { kind: t(`unitKind.${target.unitKind}`) });
    case 'level':
      return t('regimes.rules.targetLevel', { level: target.level });
    case 'group': {
      const group = groups?.find((g) => g.id === target.groupId);
      return t('regimes.rules.targetGroup', { name: group?.name ?? '…' });
    }
  }
}

/** Reminder days in words: "Trước 3 ngày, trước 1 ngày". */
export function remindersText(t: TFunction, days: number[]): string {
  if (!days.length) return t('regimes.rules.noReminders');
  const text = [...days]
    .sort((a, b) => b - a)
    .map((d) => (d === 0 ? t('regimes.reminderOnDay') : t('regimes.reminderBefore', { count: d })).toLowerCase())
    .join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A cutoff window as "15/11/2026 – 14/12/2026", or one day when it is a single day (an ad hoc request). */
export function windowText(from: string, to: string): string {
  return from === to ? formatDateVi(from) : `${formatDateVi(from)} – ${formatDateVi(to)}`;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
