import type { OversightQuery, OversightView } from '@baocao/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, apiUrl } from '../../shared/api/client';

export type UsagePart = 'H1' | 'H2' | 'Y';

/** Timeliness, scores and ranking of the units' reports due in a range (R37). */
export function useOversight(query: OversightQuery | null) {
  return useQuery({
    queryKey: ['oversight', query],
    queryFn: ({ signal }) => api.get<OversightView>('/oversight', query!, signal),
    enabled: query !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** The address of a unit's 6-month or yearly usage report (R38): a plain GET, so a link downloads it. */
export function usageReportUrl(format: 'docx' | 'xlsx', unitId: string, year: number, part: UsagePart): string {
  return apiUrl(`/oversight/usage-report.${format}`, { unitId, year, part });
}

/** The due-date range of a half-year or a year. */
export function partRange(year: number, part: UsagePart): { from: string; to: string } {
  return { from: `${year}-${part === 'H2' ? '07-01' : '01-01'}`, to: `${year}-${part === 'H1' ? '06-30' : '12-31'}` };
}
