import { SMTPServer } from 'smtp-server';

/** A mail the test SMTP server received, decoded enough to read links. */
export interface ReceivedMail {
  to: string[];
  raw: string;
  text: string;
}

/** Undoes quoted-printable soft line breaks and escapes (nodemailer encodes German text so). */
function decodeQuotedPrintable(s: string): string {
  const bytes = s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/**
 * A local SMTP server (the `smtp-server` package) on a free port that keeps
 * what it receives. `refuse` makes it reject recipients (a failing server).
 */
export async function startSmtp(): Promise<{ url: string; mails: ReceivedMail[]; refuse: boolean; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const state = { refuse: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (state.refuse) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 450 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, text: decodeQuotedPrintable(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    get refuse() {
      return state.refuse;
    },
    set refuse(v: boolean) {
      state.refuse = v;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The token in a link `.../angebote/<page>#<token>` of a mail. */
export function tokenFrom(mail: ReceivedMail, page: 'bestaetigen' | 'widerrufen'): string {
  const m = new RegExp(`/angebote/${page}#([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!m) throw new Error(`no ${page} link in mail:\n${mail.text}`);
  return m[1];
}
