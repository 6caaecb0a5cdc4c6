/** E-mail: the durable outbox, the SMTP transport and the templates (issue 15). */
export { Outbox, backoffMs, MAX_ATTEMPTS, LEASE_MS, type Mail, type MailTransport, type OutboxRow } from './outbox.js';
export { smtpTransport } from './smtp-transport.js';
export { confirmRequestMail, confirmedMail, taskMail, overdueDigestMail, type MailLanguage } from './templates.js';
