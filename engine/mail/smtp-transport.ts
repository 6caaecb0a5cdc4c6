import nodemailer from 'nodemailer';
import type { Mail, MailTransport } from './outbox.js';

/**
 * Delivers through SMTP with nodemailer: `SMTP_URL`
 * (`smtp://user:pass@host:587`, `smtps://...`) and the sender `MAIL_FROM`.
 */
export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    async send(mail: Mail) {
      await transporter.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    },
  };
}
