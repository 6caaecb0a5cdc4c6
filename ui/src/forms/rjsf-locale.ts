import { customizeValidator } from '@rjsf/validator-ajv8';
import { englishStringTranslator, TranslatableString, type RJSFValidationError } from '@rjsf/utils';
import localizeDe from 'ajv-i18n/localize/de';
import type { Lang } from '../i18n/messages.js';
import { generalMessage, isEcho, plainMessage } from './plain-messages.js';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import draft7MetaSchema from 'ajv/dist/refs/json-schema-draft-07.json';
import { FORM_FORMATS, formDialect } from './form-dialect.js';

/**
 * rjsf in German and English: a validator whose AJV messages are localized
 * (ajv-i18n), plainer messages for the common cases (required, formats,
 * choices), and German texts for rjsf's own buttons and labels.
 */

type Validator = ReturnType<typeof customizeValidator>;
const validators = new Map<string, Validator>();

/**
 * The rjsf validator for a language and the form's JSON Schema dialect. Like
 * the server (engine/definition/form-ajv.ts): draft-07 forms run on AJV's
 * 2019-09 engine so `dependentRequired`/`dependentSchemas` validate, 2020-12
 * forms on AJV 2020 (`prefixItems`), and formats are what the widgets send.
 */
export function validatorFor(lang: Lang, schema?: unknown): Validator {
  const dialect = formDialect(schema);
  const key = `${lang}:${dialect}`;
  let v = validators.get(key);
  if (!v) {
    v = customizeValidator(
      {
        AjvClass: (dialect === '2020-12' ? Ajv2020 : Ajv2019) as never,
        additionalMetaSchemas: dialect === '2020-12' ? [] : [draft7MetaSchema],
        customFormats: { ...FORM_FORMATS },
        ajvOptionsOverrides: { strict: false, $data: true },
      },
      lang === 'de' ? localizeDe : undefined,
    );
    validators.set(key, v);
  }
  return v;
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

/**
 * rjsf `transformErrors` for a language: plain messages that say what to
 * do; problems that only echo others (an if/then failure, the `const` of
 * each option of a choice) are left out, and each field gets a message once.
 */
export function transformErrorsFor(lang: Lang) {
  return (errors: RJSFValidationError[]): RJSFValidationError[] => {
    const choices = new Set(errors.filter((e) => e.name === 'oneOf' || e.name === 'anyOf').map((e) => e.property));
    const seen = new Set<string>();
    const out: RJSFValidationError[] = [];
    for (const e of errors) {
      if (isEcho(e) || (e.name === 'const' && choices.has(e.property))) continue;
      const message = plainMessage(lang, e) ?? generalMessage(lang);
      // An extra field is named at its own path, as the server does.
      const extra = e.name === 'additionalProperties' ? e.params?.additionalProperty : undefined;
      const property = typeof extra === 'string' ? `${e.property ?? ''}.${extra}` : e.property;
      const key = `${property} ${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...e, property, message, stack: message });
    }
    return out;
  };
}
