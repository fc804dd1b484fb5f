import nodemailer from 'nodemailer';
import type { Config } from './config.js';
import type { Sender } from './outbox.js';

/**
 * E-mail through SMTP (nodemailer), configured by `SMTP_URL` (smtp://user:pass@host:587, smtps://… for
 * TLS) and `MAIL_FROM`. Without `SMTP_URL` there is no sender: reminders stay in-app only.
 */
export function createMailSender(config: Pick<Config, 'smtpUrl' | 'mailFrom'>): Sender | null {
  if (!config.smtpUrl) return null;
  const transport = nodemailer.createTransport(config.smtpUrl);
  return async (message) => {
    await transport.sendMail({ from: config.mailFrom, to: message.to, subject: message.subject, text: message.text });
  };
}
