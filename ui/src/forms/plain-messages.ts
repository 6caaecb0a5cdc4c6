import type { Lang } from '../i18n/messages.js';
import { fill } from '../i18n/i18n.js';

/*
 * Plain words for validation problems, for people who are not technical:
 * each says what to do, never a schema keyword ("muss >= 2020 sein",
 * "muss dem Schema then entsprechen"). The field's title is shown beside
 * the message (error summary, label above the field). Kept apart from rjsf
 * so pages without forms (the CSV import) can use them without loading the
 * form engine.
 */

const PLAIN = {
  de: {
    required: 'Bitte füllen Sie dieses Feld aus.',
    date: 'Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ).',
    'date-time': 'Bitte geben Sie Datum und Uhrzeit an.',
    time: 'Bitte geben Sie eine Uhrzeit an (HH:MM).',
    email: 'Bitte geben Sie eine gültige E-Mail-Adresse an.',
    uri: 'Bitte geben Sie eine vollständige Internetadresse an (https://…).',
    format: 'Bitte prüfen Sie die Schreibweise dieser Angabe.',
    enum: 'Bitte wählen Sie einen Eintrag aus der Liste.',
    minItems: 'Bitte wählen oder ergänzen Sie mindestens {n} Einträge.',
    minItems1: 'Bitte wählen oder ergänzen Sie mindestens einen Eintrag.',
    maxItems: 'Bitte wählen oder nennen Sie höchstens {n} Einträge.',
    uniqueItems: 'Bitte nennen Sie jeden Eintrag nur einmal.',
    minLength1: 'Bitte füllen Sie dieses Feld aus.',
    minLength: 'Bitte geben Sie mindestens {n} Zeichen ein.',
    maxLength: 'Bitte kürzen Sie auf höchstens {n} Zeichen.',
    minimum: 'Bitte geben Sie einen Wert von mindestens {n} an.',
    maximum: 'Bitte geben Sie einen Wert von höchstens {n} an.',
    exclusiveMinimum: 'Bitte geben Sie einen Wert größer als {n} an.',
    exclusiveMaximum: 'Bitte geben Sie einen Wert kleiner als {n} an.',
    multipleOf: 'Bitte geben Sie ein Vielfaches von {n} an.',
    integer: 'Bitte geben Sie eine ganze Zahl an.',
    number: 'Bitte geben Sie eine Zahl an.',
    type: 'Bitte prüfen Sie diese Angabe.',
    pattern: 'Bitte prüfen Sie die Schreibweise dieser Angabe.',
    constTrue: 'Bitte bestätigen Sie dies.',
    constFalse: 'Bitte lassen Sie dies hier unangekreuzt.',
    const: 'Bitte wählen Sie hier „{value}“.',
    not: 'Diese Angabe ist hier nicht vorgesehen. Bitte lassen Sie das Feld leer.',
    catalogue: 'Dieser Eintrag ist nicht mehr in der Liste. Bitte wählen Sie einen anderen.',
    notInFuture: 'Dieses Datum liegt in der Zukunft. Bitte geben Sie ein Datum bis heute an.',
    notInPastYear: 'Dieses Jahr ist schon vorbei. Bitte geben Sie {n} oder ein späteres Jahr an.',
    notInPast: 'Dieses Datum ist schon vorbei. Bitte geben Sie ein Datum ab heute an.',
    formatMinimum: 'Bitte geben Sie ein Datum ab dem {n} an (nicht vor dem Datum davor).',
    formatMaximum: 'Bitte geben Sie ein Datum bis zum {n} an.',
    fallback: 'Bitte prüfen Sie diese Angabe.',
  },
  en: {
    required: 'Please fill in this field.',
    date: 'Please enter a valid date.',
    'date-time': 'Please enter a date and time.',
    time: 'Please enter a time (HH:MM).',
    email: 'Please enter a valid e-mail address.',
    uri: 'Please enter a complete web address (https://…).',
    format: 'Please check how this entry is written.',
    enum: 'Please choose an entry from the list.',
    minItems: 'Please choose or add at least {n} entries.',
    minItems1: 'Please choose or add at least one entry.',
    maxItems: 'Please choose or name at most {n} entries.',
    uniqueItems: 'Please name each entry only once.',
    minLength1: 'Please fill in this field.',
    minLength: 'Please enter at least {n} characters.',
    maxLength: 'Please shorten this to at most {n} characters.',
    minimum: 'Please enter a value of at least {n}.',
    maximum: 'Please enter a value of at most {n}.',
    exclusiveMinimum: 'Please enter a value greater than {n}.',
    exclusiveMaximum: 'Please enter a value less than {n}.',
    multipleOf: 'Please enter a multiple of {n}.',
    integer: 'Please enter a whole number.',
    number: 'Please enter a number.',
    type: 'Please check this entry.',
    pattern: 'Please check how this entry is written.',
    constTrue: 'Please confirm this.',
    constFalse: 'Please leave this unticked here.',
    const: 'Please choose "{value}" here.',
    not: 'This entry is not expected here. Please leave the field empty.',
    catalogue: 'This entry is no longer in the list. Please choose another one.',
    notInFuture: 'This date lies in the future. Please enter a date up to today.',
    notInPastYear: 'This year is already over. Please enter {n} or a later year.',
    notInPast: 'This date has already passed. Please enter a date from today on.',
    formatMinimum: 'Please enter a date on or after {n}.',
    formatMaximum: 'Please enter a date on or before {n}.',
    fallback: 'Please check this entry.',
  },
} as const;

/** Keywords whose problem is always reported again, more precisely, at a field: the summary would only repeat it. */
const ECHOES = new Set(['if', 'then', 'else', 'allOf', '$merge', 'propertyNames']);

/**
 * Whether a validation problem only repeats others at their fields: an
 * if/then failure ("muss dem Schema then entsprechen") comes with the
 * problem at the field the `then` requires.
 */
export function isEcho(e: { name?: string }): boolean {
  return e.name !== undefined && ECHOES.has(e.name);
}

/** A limit as people read it: numbers without grouping, ISO days as 14.03.2026. */
const num = (lang: Lang, v: unknown): string => {
  const day = typeof v === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(v) : null;
  if (day) return lang === 'de' ? `${day[3]}.${day[2]}.${day[1]}` : String(v);
  return plainNumber(lang, v);
};
const plainNumber = (lang: Lang, v: unknown): string => (typeof v === 'number' ? v.toLocaleString(lang === 'de' ? 'de-DE' : 'en-GB', { useGrouping: false }) : String(v));

/**
 * A validation problem in plain words that say what to do, in the UI's
 * language. `name` is the JSON Schema keyword (rjsf's `name`, the server's
 * `code`), `params` ajv's parameters when known. An unknown keyword gives
 * `undefined`: the caller keeps its own message or uses {@link generalMessage}.
 */
export function plainMessage(lang: Lang, e: { name?: string; params?: Record<string, unknown>; message?: string }): string | undefined {
  const p = PLAIN[lang];
  const params = e.params ?? {};
  const limit = (template: string) => (params.limit === undefined ? p.fallback : fill(template, { n: num(lang, params.limit) }));
  switch (e.name) {
    case 'required':
      return p.required;
    case 'format': {
      const f = String(params.format ?? '');
      return f === 'date' || f === 'date-time' || f === 'email' || f === 'time' || f === 'uri' ? p[f] : p.format;
    }
    case 'enum':
      // `"enum": [true]` is how a definition asks for a consent or confirmation to be given.
      return Array.isArray(params.allowedValues) && params.allowedValues.length === 1 && params.allowedValues[0] === true ? p.constTrue : p.enum;
    case 'oneOf':
    case 'anyOf':
      return p.enum;
    case 'minItems':
      return params.limit === 1 ? p.minItems1 : limit(p.minItems);
    case 'maxItems':
      return limit(p.maxItems);
    case 'uniqueItems':
      return p.uniqueItems;
    case 'minLength':
      return params.limit === 1 || params.limit === undefined ? p.minLength1 : limit(p.minLength);
    case 'maxLength':
      return limit(p.maxLength);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'multipleOf':
      return limit(p[e.name]);
    case 'type':
      return params.type === 'integer' ? p.integer : params.type === 'number' ? p.number : p.type;
    case 'pattern':
      return p.pattern;
    case 'const':
      if (params.allowedValue === true) return p.constTrue;
      if (params.allowedValue === false) return p.constFalse;
      return params.allowedValue === undefined ? p.fallback : fill(p.const, { value: String(params.allowedValue) });
    case 'not':
      return p.not;
    case 'x-notInFuture':
      return p.notInFuture;
    case 'x-notInPast':
      return typeof params.limit === 'number' ? limit(p.notInPastYear) : p.notInPast;
    case 'formatMinimum':
    case 'formatExclusiveMinimum':
      return limit(p.formatMinimum);
    case 'formatMaximum':
    case 'formatExclusiveMaximum':
      return limit(p.formatMaximum);
    case 'catalogue':
      // The server's check against the current catalogue (an entry removed since the page was loaded).
      return p.catalogue;
    default:
      return undefined;
  }
}

/** "Bitte prüfen Sie diese Angabe.": for a schema problem without a plainer word, instead of a keyword. */
export function generalMessage(lang: Lang): string {
  return PLAIN[lang].fallback;
}
