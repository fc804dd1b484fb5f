import type { Indicator, IndicatorColumn, SeriesQuery, SeriesResult, Unit } from '@baocao/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api/client';

export const analyticsKeys = {
  series: (query: SeriesQuery) => ['analytics', 'series', query] as const,
};

/** Accepted figures of one measure over units and periods, with totals and the citation (R25, R28). */
export function useSeries(query: SeriesQuery | null) {
  return useQuery({
    queryKey: analyticsKeys.series(query!),
    queryFn: () => api.post<SeriesResult>('/analytics/series', query),
    enabled: query !== null,
    retry: false,
  });
}

/** Downloads the same question as an XLSX or CSV file; the server puts the citation on top. */
export async function downloadSeries(query: SeriesQuery, format: 'xlsx' | 'csv'): Promise<void> {
  const { blob, fileName } = await api.postForFile(`/analytics/series.${format}`, query);
  saveBlob(blob, fileName ?? `so-lieu.${format}`);
}

/** Saves bytes made in the page through a temporary link. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The browser has started the download; the URL can go once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The units above the user's scope, outermost first (for Sở Tài chính: the city), so a department
 * can ask about every commune (the server allows a subtree that contains the user's unit). A parent
 * the user may not read is still known by its id and name from its child.
 */
export function useUnitsAbove(unitId: string, visible: ReadonlySet<string> | null) {
  return useQuery({
    queryKey: ['analytics', 'units-above', unitId, visible ? [...visible].length : 0],
    enabled: visible !== null,
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) => {
      const above: { id: string; name: string }[] = [];
      let unit: Unit | null = await api.get<Unit>(`/units/${unitId}`, undefined, signal).catch(() => null);
      while (unit?.parentId && !visible!.has(unit.parentId) && above.length < 10) {
        above.unshift({ id: unit.parentId, name: unit.parentName ?? unit.parentId });
        unit = await api.get<Unit>(`/units/${unit.parentId}`, undefined, signal).catch(() => null);
      }
      return above;
    },
  });
}

/** The numeric columns (TH, KH…) in which official templates carry an indicator. */
export function useIndicatorColumns(indicatorId: string | undefined) {
  return useQuery({
    queryKey: ['analytics', 'indicator-columns', indicatorId],
    queryFn: ({ signal }) => api.get<IndicatorColumn[]>(`/analytics/indicators/${indicatorId}/columns`, undefined, signal),
    enabled: !!indicatorId,
    staleTime: 5 * 60_000,
  });
}

/** One indicator of the library (its name for a question read from the URL). */
export function useIndicator(indicatorId: string | undefined) {
  return useQuery({
    queryKey: ['catalog', 'indicator', indicatorId],
    queryFn: ({ signal }) => api.get<Indicator>(`/catalog/indicators/${indicatorId}`, undefined, signal),
    enabled: !!indicatorId,
    staleTime: 5 * 60_000,
  });
}
