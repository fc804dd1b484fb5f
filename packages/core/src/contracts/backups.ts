import { z } from 'zod';

/** One backup run (R30): who or what started it, and the file it left on the server. */
export const Backup = z.object({
  id: z.uuid(),
  trigger: z.enum(['schedule', 'admin', 'cli']),
  engine: z.enum(['postgres', 'pglite']),
  status: z.enum(['running', 'succeeded', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  fileName: z.string().nullable(),
  sizeBytes: z.number().nullable(),
  sha256: z.string().nullable(),
  encrypted: z.boolean(),
  error: z.string().nullable(),
  startedBy: z.string().nullable(),
});
export type Backup = z.infer<typeof Backup>;

export const BackupList = z.object({
  items: z.array(Backup),
  /** Where the files are, on the server (they are not downloadable over HTTP). */
  directory: z.string(),
  /** Daily time, Vietnam time, or null when scheduled backups are off. */
  dailyAt: z.string().nullable(),
  retentionDays: z.number(),
  keepLast: z.number(),
  encryption: z.boolean(),
});
export type BackupList = z.infer<typeof BackupList>;
