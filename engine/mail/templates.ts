import type { Mail } from './outbox.js';

/** Language of a mail. */
export type MailLanguage = 'de' | 'en';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Plain text paragraphs and an optional link as text + simple HTML. */
function render(kind: string, to: string, subject: string, paragraphs: string[], link?: { href: string; label: string }, footer?: string): Mail {
  const text = [...paragraphs, ...(link ? [`${link.label}: ${link.href}`] : []), ...(footer ? ['--', footer] : [])].join('\n\n');
  const html = `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${paragraphs.map((p) => `<p>${escape(p)}</p>`).join('')}${
    link ? `<p><a href="${escape(link.href)}">${escape(link.label)}</a></p>` : ''
  }${footer ? `<hr><p style="color:#555">${escape(footer)}</p>` : ''}</body></html>`;
  return { kind, to, subject, text, html };
}

const SIGNATURE = { de: 'Bildungsbüro – diese Nachricht wurde automatisch versandt.', en: 'Education office – this message was sent automatically.' };

/** The double opt-in mail: the link confirms the registration (token in the fragment, never in a query). */
export function confirmRequestMail(lang: MailLanguage, to: string, offerTitle: string, link: string): Mail {
  return lang === 'en'
    ? render('offer.confirm', to, `Please confirm your registration: ${offerTitle}`, [
        `You (or someone using your address) registered for "${offerTitle}".`,
        'Please confirm within 48 hours with the link below. Without confirmation the registration is deleted.',
        'If this was not you, ignore this e-mail.',
      ], { href: link, label: 'Confirm registration' }, SIGNATURE.en)
    : render('offer.confirm', to, `Bitte bestätigen Sie Ihre Anmeldung: ${offerTitle}`, [
        `Sie (oder jemand mit Ihrer Adresse) haben sich für „${offerTitle}“ angemeldet.`,
        'Bitte bestätigen Sie innerhalb von 48 Stunden mit dem Link unten. Ohne Bestätigung wird die Anmeldung gelöscht.',
        'Wenn Sie das nicht waren, ignorieren Sie diese E-Mail.',
      ], { href: link, label: 'Anmeldung bestätigen' }, SIGNATURE.de);
}

/** After the confirmation: place or waiting list, and the link to withdraw (Art. 7(3) GDPR). */
export function confirmedMail(lang: MailLanguage, to: string, offerTitle: string, waitingList: boolean, withdrawLink: string): Mail {
  return lang === 'en'
    ? render('offer.confirmed', to, `Registration confirmed: ${offerTitle}`, [
        waitingList ? `Thank you. "${offerTitle}" is full at the moment; you are on the waiting list and will hear from us when a place becomes free.` : `Thank you. Your place for "${offerTitle}" is confirmed.`,
        'You can withdraw your registration and your consent at any time with the link below.',
      ], { href: withdrawLink, label: 'Withdraw registration' }, SIGNATURE.en)
    : render('offer.confirmed', to, `Anmeldung bestätigt: ${offerTitle}`, [
        waitingList ? `Vielen Dank. „${offerTitle}“ ist im Moment ausgebucht; Sie stehen auf der Warteliste und hören von uns, sobald ein Platz frei wird.` : `Vielen Dank. Ihr Platz für „${offerTitle}“ ist bestätigt.`,
        'Sie können Ihre Anmeldung und Ihre Einwilligung jederzeit mit dem Link unten widerrufen.',
      ], { href: withdrawLink, label: 'Anmeldung widerrufen' }, SIGNATURE.de);
}

/** A staff notice: a new task for one of my organisations, or a reminder. */
export function taskMail(lang: MailLanguage, kind: 'task.new' | 'task.reminder', to: string, taskTitle: string, caseRef: string, link: string): Mail {
  const isNew = kind === 'task.new';
  return lang === 'en'
    ? render(kind, to, `${isNew ? 'New task' : 'Reminder'}: ${taskTitle} (${caseRef})`, [isNew ? `A new task is waiting for your organisation: ${taskTitle}, case ${caseRef}.` : `Reminder: the task ${taskTitle} of case ${caseRef} is still open.`], { href: link, label: 'Open case' }, 'You can switch these e-mails off on your account page.')
    : render(kind, to, `${isNew ? 'Neue Aufgabe' : 'Erinnerung'}: ${taskTitle} (${caseRef})`, [isNew ? `Für Ihre Organisation liegt eine neue Aufgabe bereit: ${taskTitle}, Vorgang ${caseRef}.` : `Erinnerung: Die Aufgabe ${taskTitle} im Vorgang ${caseRef} ist noch offen.`], { href: link, label: 'Vorgang öffnen' }, 'Diese E-Mails können Sie auf Ihrer Kontoseite abschalten.');
}

/** The daily digest of overdue tasks. */
export function overdueDigestMail(lang: MailLanguage, to: string, tasks: Array<{ title: string; reference: string; dueAt: string }>, link: string): Mail {
  const lines = tasks.map((t) => `${t.reference}: ${t.title} (${lang === 'en' ? 'due' : 'fällig'} ${t.dueAt.slice(0, 10)})`);
  return lang === 'en'
    ? render('task.overdue', to, `${tasks.length} overdue task(s)`, ['These tasks of your organisations are overdue:', ...lines], { href: link, label: 'My tasks' }, 'You can switch these e-mails off on your account page.')
    : render('task.overdue', to, `${tasks.length} überfällige Aufgabe(n)`, ['Diese Aufgaben Ihrer Organisationen sind überfällig:', ...lines], { href: link, label: 'Meine Aufgaben' }, 'Diese E-Mails können Sie auf Ihrer Kontoseite abschalten.');
}
