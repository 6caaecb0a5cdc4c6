/** Texts of the sign-in through the city's identity provider (#15); see messages.ts. */
export const de = {
  'login.oidc': 'Mit Dienstkonto anmelden',
  'login.oidcHint': 'Mit dem Konto, mit dem Sie sich auch am Arbeitsplatz anmelden.',
  'login.or': 'oder mit Benutzername und Passwort',
};

export const en: Record<keyof typeof de, string> = {
  'login.oidc': 'Sign in with your service account',
  'login.oidcHint': 'With the account you use to sign in at work.',
  'login.or': 'or with user name and password',
};
