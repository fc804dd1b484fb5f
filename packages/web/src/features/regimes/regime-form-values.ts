import type { CreateRegimeInput, Periodicity, RegimeKind, RegimeTarget, UnitKind } from '@baocao/core';
import type { Dayjs } from 'dayjs';

/** One row of the targets builder; only the fields of its type are used. */
export type TargetRow = {
  type: RegimeTarget['type'];
  unitIds?: string[];
  unitKind?: UnitKind;
  level?: number;
  groupId?: string;
};

export type RoundRow = { label?: string; from?: Dayjs | null; to?: Dayjs | null; dueOn?: Dayjs | null };

/** The regime form's fields: common ones, then those of each kind. */
export type RegimeFormValues = {
  kind: RegimeKind;
  code?: string;
  name?: string;
  requestingUnitId?: string;
  templateIds?: string[];
  targets?: TargetRow[];
  legalBasis?: string;
  reminderDaysBefore?: number[];
  // periodic
  periodicity?: Periodicity;
  cutoffKind?: 'decree_09' | 'calendar' | 'custom';
  startOffsetDays?: number | null;
  endOffsetDays?: number | null;
  deadlineKind?: 'working_days_after_cutoff' | 'day_of_month';
  deadlineDays?: number | null;
  deadlineDay?: number | null;
  deadlineMonthOffset?: number;
  // periodic and thematic
  startsOn?: Dayjs | null;
  endsOn?: Dayjs | null;
  // thematic
  rounds?: RoundRow[];
  // ad hoc
  asOf?: Dayjs | null;
  dueOn?: Dayjs | null;
};

/** Dates travel as `YYYY-MM-DD`, the civil date picked, whatever the browser's zone. */
export const toDate = (d: Dayjs | null | undefined): string | undefined => (d ? d.format('YYYY-MM-DD') : undefined);

export function toTargets(rows: TargetRow[] | undefined): RegimeTarget[] {
  const targets: RegimeTarget[] = [];
  for (const row of rows ?? []) {
    switch (row?.type) {
      case 'units':
      case 'external':
        if (row.unitIds?.length) targets.push({ type: row.type, unitIds: row.unitIds });
        break;
      case 'kind':
        if (row.unitKind) targets.push({ type: 'kind', unitKind: row.unitKind });
        break;
      case 'level':
        if (row.level) targets.push({ type: 'level', level: row.level });
        break;
      case 'group':
        if (row.groupId) targets.push({ type: 'group', groupId: row.groupId });
        break;
    }
  }
  return targets;
}

export function fromTargets(targets: RegimeTarget[]): TargetRow[] {
  return targets.map((t) => ({ ...t }));
}

/**
 * The request the form stands for. Missing dates stay undefined so the server names them. The preview
 * sends a fixed code and name: they do not change the schedule, and typing them need not re-ask the server.
 */
export function toCreateInput(v: RegimeFormValues, forPreview = false): CreateRegimeInput {
  const common = {
    code: forPreview ? 'XEM-TRUOC' : (v.code?.trim() ?? ''),
    name: forPreview ? 'Xem trước' : (v.name?.trim() ?? ''),
    requestingUnitId: v.requestingUnitId ?? '',
    templateIds: v.templateIds ?? [],
    targets: toTargets(v.targets),
    legalBasis: forPreview ? '' : (v.legalBasis?.trim() ?? ''),
    reminderDaysBefore: [...(v.reminderDaysBefore ?? [])].sort((a, b) => b - a),
  };
  if (v.kind === 'ad_hoc') {
    return { ...common, kind: 'ad_hoc', asOf: toDate(v.asOf), dueOn: toDate(v.dueOn) as string };
  }
  if (v.kind === 'thematic') {
    const rounds = (v.rounds ?? []).map((r) => ({
      label: r?.label?.trim() ?? '',
      from: toDate(r?.from) as string,
      to: toDate(r?.to) as string,
      dueOn: toDate(r?.dueOn) as string,
    }));
    return { ...common, kind: 'thematic', startsOn: toDate(v.startsOn) as string, endsOn: toDate(v.endsOn) as string, rounds };
  }
  const cutoffRule =
    v.cutoffKind === 'custom'
      ? { kind: 'custom' as const, startOffsetDays: v.startOffsetDays ?? 0, endOffsetDays: v.endOffsetDays ?? 0 }
      : { kind: v.cutoffKind ?? 'decree_09' };
  const deadlineRule =
    v.deadlineKind === 'day_of_month'
      ? { kind: 'day_of_month' as const, day: v.deadlineDay ?? 0, monthOffset: v.deadlineMonthOffset ?? 0 }
      : { kind: 'working_days_after_cutoff' as const, days: v.deadlineDays ?? 0 };
  return {
    ...common,
    kind: 'periodic',
    periodicity: v.periodicity ?? 'month',
    cutoffRule,
    deadlineRule,
    startsOn: toDate(v.startsOn) as string,
    endsOn: toDate(v.endsOn) ?? null,
  };
}

/** Enough chosen for a preview to say something useful rather than list every missing field. */
export function previewReady(v: RegimeFormValues): boolean {
  if (!v.requestingUnitId || !v.templateIds?.length || toTargets(v.targets).length === 0) return false;
  if (v.kind === 'ad_hoc') return !!v.dueOn;
  if (v.kind === 'thematic') return !!v.startsOn && !!v.endsOn && (v.rounds ?? []).some((r) => r?.from && r.to && r.dueOn);
  return !!v.startsOn && !!v.periodicity;
}
