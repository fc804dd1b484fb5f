import type { FormInstance } from 'antd';
import { currentLanguage, i18n, translateOptional } from '../i18n';
import { ApiError } from './client';

/** The message to show for a failed request, chosen by its code and the UI language. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'network') return i18n.t('errors.network');
    if (error.code.startsWith('http.')) return i18n.t('errors.generic'); // not our problem+json: a proxy's page
    // The server's title is Vietnamese and often more precise (it names the code, the time): use it
    // as is in Vietnamese; other languages get our translation of the code.
    const text = currentLanguage() === 'vi' ? error.problem.title : (translateOptional(`errors.${error.code}`) ?? error.problem.title);
    // A server fault is only traceable by its request id, so the user can quote it.
    return error.status >= 500 && error.problem.requestId ? `${text} (${error.problem.requestId})` : text;
  }
  return i18n.t('errors.generic');
}

/** Field errors of a problem (`errors[].path`), attached to the form fields they name. True if any matched. */
export function showFieldErrors(form: FormInstance, error: unknown): boolean {
  if (!(error instanceof ApiError) || !error.problem.errors?.length) return false;
  const known = new Set(Object.keys(form.getFieldsValue(true) as object));
  const fields = error.problem.errors
    .map((e) => ({ name: fieldName(e.path), errors: [e.message] }))
    .filter((f) => known.has(f.name));
  form.setFields(fields);
  return fields.length > 0;
}

function fieldName(path: string): string {
  return path.replace(/^\/+/, '').replace(/^body[./]/, '').split(/[./]/)[0] ?? path;
}
