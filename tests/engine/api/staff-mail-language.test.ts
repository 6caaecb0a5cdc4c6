import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { client, signIn, testAgora } from '../../helpers/agora.js';
import { databaseKinds } from '../../helpers/databases.js';
import { startSmtp } from '../../helpers/smtp.js';

type Client = ReturnType<typeof client>;

/** Staff notices in the language each person chose on "Mein Konto" (#15). */
describe.each(databaseKinds())('staff e-mail language on %s', (kind) => {
  let agora: Agora;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let clock = new Date('2027-01-20T09:00:00Z');
  const as: Record<string, Client> = {};
  const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address));

  beforeAll(async () => {
    smtp = await startSmtp();
    agora = await testAgora(kind, { rt: { now: () => clock }, smtpUrl: smtp.url, mailFrom: 'bildungsbuero@example.org', publicUrl: 'https://agora.example' });
    as.admin = client(agora.app, await signIn(agora.app, 'admin'));
    await as.admin.patch('/api/users/kita', { email: 'kita@example.org' });
    await as.admin.patch('/api/users/koordination', { email: 'koordination@example.org' });
    for (const u of ['kita', 'koordination']) as[u] = client(agora.app, await signIn(agora.app, u));
  });
  afterAll(async () => {
    await agora?.close();
    await smtp?.close();
  });

  it('keeps German as the default and refuses a language without templates', async () => {
    expect((await as.kita.get('/api/account/notifications')).json()).toMatchObject({ language: 'de', newTask: true });
    for (const language of ['fr', 'EN', '', 42]) {
      const res = await as.kita.patch('/api/account/notifications', { language });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain('body/language');
    }
    expect((await as.kita.get('/api/account/notifications')).json().language).toBe('de');
  });

  it('sends a new task and the overdue digest in English to a user who chose English, in German to the others', async () => {
    const saved = await as.kita.patch('/api/account/notifications', { language: 'en' });
    expect(saved.statusCode, saved.body).toBe(200);
    // Choosing the language leaves the kinds of mail as they were.
    expect(saved.json()).toMatchObject({ language: 'en', newTask: true, reminder: true, overdueDigest: true, email: 'kita@example.org' });
    await agora.scheduler.tick();
    const before = { kita: mailsTo('kita@example.org').length, koordination: mailsTo('koordination@example.org').length };

    expect((await as.kita.post('/api/cases', { definition: 'kita-grundschule' })).statusCode).toBe(201);
    await agora.scheduler.tick();
    const [task] = mailsTo('kita@example.org').slice(before.kita);
    expect(task.raw).toMatch(/Subject: New task/);
    expect(task.text).toContain('A new task is waiting for your organisation');
    expect(task.text).toContain('Open case');
    expect(task.text).not.toContain('Neue Aufgabe');

    expect((await as.koordination.post('/api/cases', { definition: 'elterntraining', organisation: 'bildungsbuero' })).statusCode).toBe(201);
    await agora.scheduler.tick();
    const german = mailsTo('koordination@example.org').slice(before.koordination);
    expect(german.length).toBeGreaterThan(0);
    expect(german.every((m) => m.text.includes('Für Ihre Organisation liegt eine neue Aufgabe bereit'))).toBe(true);

    // The intake task is due after 14 days.
    clock = new Date(clock.getTime() + 16 * 86_400_000);
    await agora.scheduler.tick();
    const digest = mailsTo('kita@example.org').find((m) => m.text.includes('overdue'));
    expect(digest?.text).toContain('These tasks of your organisations are overdue');
    expect(digest?.text).toMatch(/KG-\d+: .+ \(due \d{4}-\d{2}-\d{2}\)/);
  });
});
