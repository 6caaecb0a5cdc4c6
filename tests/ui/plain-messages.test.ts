import { describe, expect, it } from 'vitest';
import type { RJSFValidationError } from '@rjsf/utils';
import { plainMessage } from '../../ui/src/forms/plain-messages.js';
import { transformErrorsFor, validatorFor } from '../../ui/src/forms/rjsf-locale.js';
import { lintText } from '../../ui/src/studio/lint-text.js';

const form = {
  type: 'object',
  required: ['jahr', 'art'],
  properties: {
    jahr: { type: 'integer', title: 'Einschulungsjahr', minimum: 2020 },
    art: { type: 'string', title: 'Art', oneOf: [{ const: 'a', title: 'A' }, { const: 'b', title: 'B' }] },
    fotos: { type: 'integer', title: 'Fotos', minimum: 0 },
    foto_ok: { type: 'boolean', title: 'Foto-Einwilligung' },
  },
  if: { required: ['fotos'], properties: { fotos: { minimum: 1 } } },
  then: { required: ['foto_ok'], properties: { foto_ok: { const: true } } },
};

function errorsFor(data: unknown, lang: 'de' | 'en' = 'de'): RJSFValidationError[] {
  const { errors } = validatorFor(lang).validateFormData(data, form as never, undefined, transformErrorsFor(lang));
  return errors;
}

describe('plain messages (#12)', () => {
  it('say what to do instead of naming a schema keyword, with the limit in the words', () => {
    const messages = errorsFor({ jahr: 2019, art: 'x' }).map((e) => [e.property, e.message]);
    expect(messages).toEqual([
      ['.jahr', 'Bitte geben Sie einen Wert von mindestens 2020 an.'],
      ['.art', 'Bitte wählen Sie einen Eintrag aus der Liste.'],
    ]);
    expect(errorsFor({ jahr: 2019, art: 'a' }, 'en').map((e) => e.message)).toEqual(['Please enter a value of at least 2020.']);
  });

  it('point an if/then failure at the field the then requires, without the "then" echo', () => {
    const errors = errorsFor({ jahr: 2026, art: 'a', fotos: 2 });
    // rjsf names a missing field without the leading dot; the form strips it either way.
    expect(errors.map((e) => [e.property?.replace(/^\./, ''), e.message])).toEqual([['foto_ok', 'Bitte füllen Sie dieses Feld aus.']]);
    const notGiven = errorsFor({ jahr: 2026, art: 'a', fotos: 2, foto_ok: false });
    expect(notGiven.map((e) => [e.property, e.message])).toEqual([['.foto_ok', 'Bitte bestätigen Sie dies.']]);
  });

  it('word the server details from their code and params, and leave unknown codes to the caller', () => {
    expect(plainMessage('de', { name: 'maximum', params: { limit: 18 } })).toBe('Bitte geben Sie einen Wert von höchstens 18 an.');
    expect(plainMessage('de', { name: 'type', params: { type: 'integer' } })).toBe('Bitte geben Sie eine ganze Zahl an.');
    expect(plainMessage('de', { name: 'enum', params: { allowedValues: [true] } })).toBe('Bitte bestätigen Sie dies.');
    expect(plainMessage('de', { name: 'minimum' })).toBe('Bitte prüfen Sie diese Angabe.');
    expect(plainMessage('de', { name: 'guard' })).toBeUndefined();
  });
});

describe('studio check results in German (#12)', () => {
  it('rewords the engine\'s lint messages and keeps what follows them', () => {
    expect(lintText('de', 'role "leitung" is not declared in "roles"')).toBe('Die Rolle „leitung“ steht nicht in „roles“: tragen Sie sie dort ein oder korrigieren Sie den Namen.');
    expect(lintText('de', 'target state "ende2" does not exist (did you mean "ende"?)')).toBe('Den Zielschritt „ende2“ gibt es nicht: korrigieren Sie den Namen. (did you mean "ende"?)');
    expect(lintText('de', "must have required property 'title'")).toBe('Die Pflichtangabe „title“ fehlt.');
    expect(lintText('en', 'role "x" is not declared in "roles"')).toBe('role "x" is not declared in "roles"');
    expect(lintText('de', 'something new')).toBe('something new');
  });
});
