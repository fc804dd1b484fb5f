import type { Rule } from 'antd/es/form';
import type { z } from 'zod';
import { currentLanguage, i18n } from './i18n';

/**
 * An antd form rule that runs a field's schema from `@baocao/core`, so the form refuses exactly what
 * the server would. Messages come from our translations; a pattern's own message (Vietnamese, from
 * the contract) is kept in Vietnamese.
 */
export function zodRule(schema: z.ZodType, options: { optional?: boolean } = {}): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      if (options.optional && (value === undefined || value === null || value === '')) return;
      const result = schema.safeParse(value ?? undefined);
      if (!result.success) throw new Error(issueMessage(result.error.issues[0]));
    },
  };
}

function issueMessage(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return i18n.t('validation.invalid');
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? i18n.t('validation.required') : i18n.t('validation.invalid');
    case 'too_small':
      if (issue.origin !== 'string') return i18n.t('validation.invalid');
      return Number(issue.minimum) <= 1 ? i18n.t('validation.required') : i18n.t('validation.tooShort', { min: Number(issue.minimum) });
    case 'too_big':
      return issue.origin === 'string' ? i18n.t('validation.tooLong', { max: Number(issue.maximum) }) : i18n.t('validation.invalid');
    case 'invalid_format':
      if (issue.format === 'email') return i18n.t('validation.email');
      if (issue.format === 'regex' && currentLanguage() === 'vi') return issue.message;
      return i18n.t('validation.format');
    default:
      return i18n.t('validation.invalid');
  }
}
