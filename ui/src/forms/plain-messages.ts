import type { Lang } from '../i18n/messages.js';
import { fill } from '../i18n/i18n.js';

/*
 * Plain words for the most common validation problems, for people who are not
 * technical. Kept apart from rjsf so pages without forms (the CSV import) can
 * use them without loading the form engine.
 */

const PLAIN = {
  de: {
    required: 'Bitte füllen Sie dieses Feld aus.',
    date: 'Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ).',
    'date-time': 'Bitte geben Sie Datum und Uhrzeit an.',
    email: 'Bitte geben Sie eine gültige E-Mail-Adresse an.',
    enum: 'Bitte wählen Sie einen Eintrag aus der Liste.',
    minItems: 'Bitte wählen oder ergänzen Sie mindestens {n} Einträge.',
    minItems1: 'Bitte wählen oder ergänzen Sie mindestens einen Eintrag.',
    minLength1: 'Bitte füllen Sie dieses Feld aus.',
    constTrue: 'Bitte bestätigen Sie dies.',
    catalogue: 'Dieser Eintrag ist nicht mehr in der Liste. Bitte wählen Sie einen anderen.',
  },
  en: {
    required: 'Please fill in this field.',
    date: 'Please enter a valid date.',
    'date-time': 'Please enter a date and time.',
    email: 'Please enter a valid e-mail address.',
    enum: 'Please choose an entry from the list.',
    minItems: 'Please choose or add at least {n} entries.',
    minItems1: 'Please choose or add at least one entry.',
    minLength1: 'Please fill in this field.',
    constTrue: 'Please confirm this.',
    catalogue: 'This entry is no longer in the list. Please choose another one.',
  },
} as const;

/**
 * Rewrites the most common validation errors in plain words for people
 * who are not technical; the rest keep ajv-i18n's localized message.
 */
export function plainMessage(lang: Lang, e: { name?: string; params?: Record<string, unknown>; message?: string }): string | undefined {
  const p = PLAIN[lang];
  const params = e.params ?? {};
  switch (e.name) {
    case 'required':
      return p.required;
    case 'format':
      return params.format === 'date' || params.format === 'date-time' || params.format === 'email' ? p[params.format] : undefined;
    case 'enum':
      // `"enum": [true]` is how a definition asks for a consent or confirmation to be given.
      return Array.isArray(params.allowedValues) && params.allowedValues.length === 1 && params.allowedValues[0] === true ? p.constTrue : p.enum;
    case 'minItems':
      return params.limit === 1 ? p.minItems1 : fill(p.minItems, { n: String(params.limit) });
    case 'minLength':
      return params.limit === 1 ? p.minLength1 : undefined;
    case 'const':
      return params.allowedValue === true ? p.constTrue : undefined;
    case 'catalogue':
      // The server's check against the current catalogue (an entry removed since the page was loaded).
      return p.catalogue;
    default:
      return undefined;
  }
}

