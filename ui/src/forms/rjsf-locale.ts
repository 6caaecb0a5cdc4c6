import { customizeValidator } from '@rjsf/validator-ajv8';
import { englishStringTranslator, TranslatableString, type RJSFValidationError } from '@rjsf/utils';
import localizeDe from 'ajv-i18n/localize/de';
import type { Lang } from '../i18n/messages.js';
import { fill } from '../i18n/i18n.js';

/**
 * rjsf in German and English: a validator whose AJV messages are localized
 * (ajv-i18n), plainer messages for the common cases (required, formats,
 * choices), and German texts for rjsf's own buttons and labels.
 */

const validators = {
  de: customizeValidator({ ajvOptionsOverrides: { strict: false } }, localizeDe),
  en: customizeValidator({ ajvOptionsOverrides: { strict: false } }),
};

/** The rjsf validator for a language. */
export function validatorFor(lang: Lang) {
  return validators[lang];
}

const DE_STRINGS: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.ArrayItemTitle]: 'Eintrag',
  [TranslatableString.MissingItems]: 'Keine Angabe zu den Einträgen',
  [TranslatableString.EmptyArray]: 'Noch keine Einträge. Fügen Sie mit der Schaltfläche unten einen hinzu.',
  [TranslatableString.YesLabel]: 'Ja',
  [TranslatableString.NoLabel]: 'Nein',
  [TranslatableString.CloseLabel]: 'Schließen',
  [TranslatableString.ErrorsLabel]: 'Fehler',
  [TranslatableString.NewStringDefault]: 'Neuer Wert',
  [TranslatableString.AddButton]: 'Hinzufügen',
  [TranslatableString.AddItemButton]: 'Eintrag hinzufügen',
  [TranslatableString.CopyButton]: 'Kopieren',
  [TranslatableString.MoveDownButton]: 'Nach unten',
  [TranslatableString.MoveUpButton]: 'Nach oben',
  [TranslatableString.RemoveButton]: 'Entfernen',
  [TranslatableString.NowLabel]: 'Jetzt',
  [TranslatableString.ClearLabel]: 'Leeren',
  [TranslatableString.AriaDateLabel]: 'Datum wählen',
  [TranslatableString.PreviewLabel]: 'Vorschau',
  [TranslatableString.DecrementAriaLabel]: 'Um 1 verringern',
  [TranslatableString.IncrementAriaLabel]: 'Um 1 erhöhen',
  [TranslatableString.OptionalObjectAdd]: 'Angaben hinzufügen',
  [TranslatableString.OptionalObjectRemove]: 'Angaben entfernen',
  [TranslatableString.OptionalObjectEmptyMsg]: 'Keine Angaben',
  [TranslatableString.Type]: 'Typ',
  [TranslatableString.Value]: 'Wert',
  [TranslatableString.ClearButton]: 'Eingabe leeren',
  [TranslatableString.UnknownFieldType]: 'Unbekannter Feldtyp %1',
  [TranslatableString.OptionPrefix]: 'Option %1',
  [TranslatableString.TitleOptionPrefix]: '%1 Option %2',
  [TranslatableString.KeyLabel]: '%1 Schlüssel',
  [TranslatableString.DeprecatedLabel]: '%1 (veraltet)',
  [TranslatableString.UnsupportedField]: 'Dieses Feld wird nicht unterstützt.',
  [TranslatableString.UnsupportedFieldWithId]: 'Das Feld `%1` wird nicht unterstützt.',
  [TranslatableString.UnsupportedFieldWithReason]: 'Dieses Feld wird nicht unterstützt: _%1_.',
  [TranslatableString.UnsupportedFieldWithIdAndReason]: 'Das Feld `%1` wird nicht unterstützt: _%2_.',
  [TranslatableString.FilesInfo]: '**%1** (%2, %3 Bytes)',
};

/** rjsf's `translateString` for a language. */
export function translatorFor(lang: Lang) {
  if (lang === 'en') return englishStringTranslator;
  return (key: TranslatableString, params?: string[]) => {
    const template = DE_STRINGS[key] ?? key;
    return (params ?? []).reduce((s, p, i) => s.split(`%${i + 1}`).join(p), template);
  };
}

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
      return p.enum;
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

/** rjsf `transformErrors` for a language. */
export function transformErrorsFor(lang: Lang) {
  return (errors: RJSFValidationError[]): RJSFValidationError[] =>
    errors.map((e) => {
      const message = plainMessage(lang, e) ?? e.message;
      return { ...e, message, stack: message ?? e.stack };
    });
}
