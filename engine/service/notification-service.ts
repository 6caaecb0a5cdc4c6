import type { Knex } from 'knex';
import { EFFECTIVE_ORGANISATIONS } from '../auth/index.js';
import { overdueDigestMail, taskMail, type MailLanguage, type Outbox } from '../mail/index.js';
import { caseReference } from '../store/index.js';

/** Which staff e-mails a user gets; each can be switched off on the account page. */
export interface NotificationSettings {
  newTask: boolean;
  reminder: boolean;
  overdueDigest: boolean;
}

/** The settings of a new account (the column's default). */
export const DEFAULT_NOTIFICATIONS: NotificationSettings = { newTask: true, reminder: true, overdueDigest: true };

/** A user's mail language (`users.language`); German unless they chose English. */
const mailLanguageOf = (value: unknown): MailLanguage => (value === 'en' ? 'en' : 'de');

/** A task's title `{ de, en }` in the language, German where the definition has no English. */
const titleIn = (title: { de?: string; en?: string } | null | undefined, lang: MailLanguage): string => (lang === 'en' && title?.en) || title?.de || '';

/** SQL: the users (u) a task (t) is for: members of the role at the grant's organisation (or anywhere for `role@*`). */
const MEMBERS_OF_TASK = `JOIN users AS u ON u.tenant_id = t.tenant_id AND NOT u.disabled AND u.email IS NOT NULL AND u.email <> ''
    AND split_part(t.grant_key, '@', 1) = ANY(u.roles)
  CROSS JOIN LATERAL (SELECT ${EFFECTIVE_ORGANISATIONS}) AS eo
  WHERE (substr(t.grant_key, strpos(t.grant_key, '@') + 1) = '*' OR substr(t.grant_key, strpos(t.grant_key, '@') + 1) = ANY(eo.organisations))`;

/**
 * Staff notifications by e-mail (issue 15): a new task or reminder for one
 * of my organisations, and a daily digest of overdue tasks, each in the
 * language the person chose (`users.language`, German by default). Run by the
 * scheduler; mails go through the outbox. A task is announced once
 * (`task_notices`), to the members of the role at the task's organisation.
 */
export class NotificationService {
  constructor(
    private readonly knex: Knex,
    private readonly outbox: Outbox,
    private readonly now: () => Date,
    private readonly publicUrl: () => string,
  ) {}

  /** Queues a mail for each open task (and reminder) not announced yet; returns how many mails. */
  async announceTasks(): Promise<number> {
    return this.knex.transaction(async (trx) => {
      // Only one process announces at a time; the others skip this round.
      const { rows: lock } = await trx.raw("SELECT pg_try_advisory_xact_lock(hashtext('agora:task-notices')) AS ok");
      if (!lock[0].ok) return 0;
      // A task that ended forgets its notice, so entering the state again announces it again.
      await trx.raw(`DELETE FROM task_notices AS n WHERE NOT EXISTS (SELECT 1 FROM tasks AS t WHERE t.case_id = n.case_id AND t.state_path = n.state_path AND t.grant_key = n.grant_key AND t.kind = n.kind)`);
      const { rows: fresh } = await trx.raw(
        `SELECT DISTINCT t.tenant_id, t.case_id, t.state_path, t.grant_key, t.kind FROM tasks AS t
          WHERE NOT EXISTS (SELECT 1 FROM task_notices AS n WHERE n.case_id = t.case_id AND n.state_path = t.state_path AND n.grant_key = t.grant_key AND n.kind = t.kind)
          LIMIT 500`,
      );
      if (!fresh.length) return 0;
      const { rows: recipients } = await trx.raw(
        `SELECT t.case_id, t.kind, t.title, c.number, c.definition_key, u.email, u.notifications, u.language
           FROM tasks AS t JOIN cases AS c ON c.id = t.case_id
           ${MEMBERS_OF_TASK}
           AND t.case_id = ANY(?::uuid[])
           AND NOT EXISTS (SELECT 1 FROM task_notices AS n WHERE n.case_id = t.case_id AND n.state_path = t.state_path AND n.grant_key = t.grant_key AND n.kind = t.kind)`,
        [[...new Set<string>(fresh.map((f: any) => f.case_id))]],
      );
      const at = this.now().toISOString();
      await trx('task_notices').insert(fresh.map((f: any) => ({ ...f, at }))).onConflict(['case_id', 'state_path', 'grant_key', 'kind']).ignore();
      const sent = new Set<string>();
      for (const r of recipients) {
        const settings = { ...DEFAULT_NOTIFICATIONS, ...(r.notifications ?? {}) } as NotificationSettings;
        const isReminder = r.kind === 'reminder';
        if (isReminder ? !settings.reminder : !settings.newTask) continue;
        // One mail per person and task, even when several of their grants match.
        const key = `${r.email}|${r.case_id}|${r.kind}|${JSON.stringify(r.title)}`;
        if (sent.has(key)) continue;
        sent.add(key);
        const lang = mailLanguageOf(r.language);
        await this.outbox.enqueue(trx, fresh[0].tenant_id, taskMail(lang, isReminder ? 'task.reminder' : 'task.new', r.email, titleIn(r.title, lang), caseReference(r.definition_key, Number(r.number)), `${this.publicUrl()}/cases/${r.case_id}`));
      }
      return sent.size;
    });
  }

  /** Once a day per user: the overdue tasks of their organisations in one mail. Returns how many digests. */
  async overdueDigests(): Promise<number> {
    const now = this.now();
    const today = now.toISOString().slice(0, 10);
    return this.knex.transaction(async (trx) => {
      const { rows: lock } = await trx.raw("SELECT pg_try_advisory_xact_lock(hashtext('agora:overdue-digest')) AS ok");
      if (!lock[0].ok) return 0;
      const { rows } = await trx.raw(
        `SELECT u.id AS user_id, u.tenant_id, u.email, u.language, t.title, t.due_at, c.number, c.definition_key
           FROM tasks AS t JOIN cases AS c ON c.id = t.case_id
           ${MEMBERS_OF_TASK}
           AND t.due_at < ? AND coalesce((u.notifications ->> 'overdueDigest')::boolean, true)
           AND (u.digest_sent_on IS NULL OR u.digest_sent_on < ?::date)
          ORDER BY u.id, t.due_at`,
        [now.toISOString(), today],
      );
      const byUser = new Map<string, any[]>();
      for (const r of rows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r]);
      for (const [userId, tasks] of byUser) {
        const unique = [...new Map(tasks.map((t) => [`${t.definition_key}-${t.number}-${JSON.stringify(t.title)}`, t])).values()];
        const lang = mailLanguageOf(tasks[0].language);
        await this.outbox.enqueue(trx, tasks[0].tenant_id, overdueDigestMail(lang, tasks[0].email, unique.map((t) => ({ title: titleIn(t.title, lang), reference: caseReference(t.definition_key, Number(t.number)), dueAt: new Date(t.due_at).toISOString() })), `${this.publicUrl()}/`));
        await trx('users').where({ id: userId }).update({ digest_sent_on: today });
      }
      return byUser.size;
    });
  }
}
