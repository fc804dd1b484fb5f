import type { UnitKind } from '@baocao/core';

/** One colour per kind, so a long tree reads at a glance. */
export const KIND_COLORS: Record<UnitKind, string> = {
  city: 'red',
  department: 'blue',
  district: 'purple',
  commune: 'green',
  organisation: 'orange',
  individual: 'gold',
  division: 'cyan',
};
