import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Config } from './config.js';
import type { Sender } from './outbox.js';

/**
 * E-mail through SMTP (nodemailer), configured by `SMTP_URL` (smtp://user:pass@host:587, smtps://… for
 * TLS) and `MAIL_FROM`. Without `SMTP_URL` there is no sender: reminders stay in-app only.
 * A mail from the outbox carries a Message-ID made from its key: sent again after its server died between
 * the hand-over and marking it sent (at-least-once), it is the same message to the recipient's mail system.
 */
export function createMailSender(config: Pick<Config, 'smtpUrl' | 'mailFrom'>): Sender | null {
  if (!config.smtpUrl) return null;
  const transport = nodemailer.createTransport(config.smtpUrl);
  const domain = /@([^>\s]+)/.exec(config.mailFrom)?.[1] ?? 'baocao.local';
  return async (message, delivery) => {
    const messageId = delivery ? `<${createHash('sha256').update(delivery.key).digest('hex').slice(0, 32)}@${domain}>` : undefined;
    await transport.sendMail({ from: config.mailFrom, to: message.to, subject: message.subject, text: message.text, ...(messageId ? { messageId } : {}) });
  };
}
