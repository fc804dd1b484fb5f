import type { backupsErrorsVi, backupsVi } from './backups.vi';

/** English text of the backups page (same keys as `backups.vi.ts`). */
export const backupsEn: typeof backupsVi = {
  menu: 'Backups',
  title: 'Data backups',
  startNow: 'Back up now',
  started: 'Backing up; the list updates itself when done.',
  schedule: 'Automatic backup',
  dailyAt: 'Daily at {{time}} (Vietnam time)',
  scheduleOff: 'Off (BACKUP_TIME=off)',
  retention: 'Retention',
  retentionRule: 'Files older than {{days}} days are deleted, but the newest {{keep}} are always kept',
  directory: 'Folder of the files on the server',
  encryption: 'Encryption',
  encryptionOn: 'Yes (AES-256-GCM, key BACKUP_ENCRYPTION_KEY)',
  encryptionOff: 'No (set BACKUP_ENCRYPTION_KEY to encrypt)',
  noDownload: 'For security, backup files cannot be downloaded in the browser: the operator takes them from the folder on the server and restores with npm run restore (see docs/operations.md).',
  empty: 'No backups yet',
  startedAt: 'Started',
  finishedAt: 'Finished',
  trigger: 'Started by',
  triggers: { schedule: 'Schedule', admin: 'Administrator', cli: 'Command line' },
  status: 'Status',
  statuses: { running: 'Running', succeeded: 'Succeeded', failed: 'Failed' },
  file: 'File',
  size: 'Size',
  encrypted: 'Encrypted',
  yes: 'Yes',
  no: 'No',
};

export const backupsErrorsEn: typeof backupsErrorsVi = {
  backup: { running: 'A backup is already running; wait for it to finish.' },
};
