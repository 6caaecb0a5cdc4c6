/** Texts of the jobs feature; see messages.ts. */
export const de = {
  'jobs.queued': 'Wartet auf den Start …',
  'jobs.resumed': 'Der Server wurde zwischendurch neu gestartet; der Import geht dort weiter, wo er stand.',
};

export const en: Record<keyof typeof de, string> = {
  'jobs.queued': 'Waiting to start …',
  'jobs.resumed': 'The server restarted meanwhile; the import goes on where it stood.',
};
