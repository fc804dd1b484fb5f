/** Stable codes a caller (server, web) can act on without reading message text. */
export type PeriodErrorCode =
  | 'date.invalid'
  | 'period.invalid_id'
  | 'period.invalid'
  | 'window.invalid'
  | 'cutoff.invalid_rule'
  | 'deadline.invalid_rule'
  | 'deadline.before_cutoff'
  | 'calendar.invalid_override';

/** Thrown for bad identifiers, dates and rules; `code` is stable, the message is for people. */
export class PeriodError extends Error {
  readonly code: PeriodErrorCode;

  constructor(code: PeriodErrorCode, message: string) {
    super(message);
    this.name = 'PeriodError';
    this.code = code;
  }
}
