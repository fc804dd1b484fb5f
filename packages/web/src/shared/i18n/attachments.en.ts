import type { attachmentsErrorsVi, attachmentsVi } from './attachments.vi';

/** English text of attachments: the `attachments` section of `en.ts`. */
export const attachmentsEn: typeof attachmentsVi = {
  title: 'Attachments',
  count: 'Files: {{count}}',
  hint: 'PDF, Word (DOCX, ODT), Excel (XLSX, ODS) and PNG, JPG images are accepted. Every file is scanned for viruses and malware before it is stored; an infected file is refused.',
  confirmSecret: 'I confirm the file contains no state secrets (Confidential, Secret, Top secret)',
  confirmFirst: 'Tick the confirmation above before choosing a file: the system may not be used to send or store state secrets.',
  drop: 'Drop files here or click to choose',
  scanning: 'Scanning and uploading: {{name}}',
  added: 'Attached "{{name}}"',
  refused: 'File refused: {{name}}',
  removed: 'Removed "{{name}}"',
  remove: 'Remove',
  removeConfirm: 'Remove "{{name}}" from the report?',
  none: 'No attachments yet.',
  name: 'File',
  size: 'Size',
  uploadedBy: 'Attached by',
  uploadedAt: 'Time (Vietnam)',
  scan: 'Virus check',
  verdict: { clean: 'Scanned, clean', unscanned: 'Not scanned (demo)' },
  download: 'Download {{name}}',
};

export const attachmentsErrorsEn: typeof attachmentsErrorsVi = {
  attachment: {
    infected: 'File refused: malware found; nothing was stored.',
    too_large: 'The file is larger than allowed.',
    type_not_allowed: 'This type of file is not accepted, or its content does not match its extension.',
    empty: 'The file is empty.',
    scan_failed: 'The file could not be scanned for viruses; it was not stored, try again later.',
    scanner_unavailable: 'No virus scanner is set up yet, so attachments are not accepted.',
  },
  classification: { state_secret: 'The system may not be used to send or store state secrets; nothing was stored.' },
};
