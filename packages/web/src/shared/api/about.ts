import type { SystemAbout } from '@baocao/core';
import { useQuery } from '@tanstack/react-query';
import { setOrganisation } from '../i18n';
import { api } from './client';

/**
 * Whose system this is (its root unit: the city, or the Government on a Government-level instance), for the
 * login page and the header. Public; asked once per page load.
 */
export function useAbout() {
  return useQuery({ queryKey: ['about'], queryFn: async ({ signal }) => {
      const about = await api.get<SystemAbout>('/about', undefined, signal);
      setOrganisation(about.organisation);
      return about;
    }, staleTime: Infinity, retry: false });
}
