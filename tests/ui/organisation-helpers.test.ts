import { describe, expect, it } from 'vitest';
import { ApiError } from '../../ui/src/api/client.js';
import { formsText } from '../../ui/src/case/case-reads.js';
import { bodyPointer, fieldErrorsOf } from '../../ui/src/components/field-errors.js';
import { fold, kindLabel, matchesSearch, ORGANISATION_KINDS } from '../../ui/src/components/organisations.js';
import { orgFieldOf } from '../../ui/src/pages/organisation-form.js';
import { userFieldOf } from '../../ui/src/pages/user-form.js';
import { messages } from '../../ui/src/i18n/messages.js';

const t = (key: string) => messages.de[key as keyof typeof messages.de] ?? key;
const sonnenschein = { key: 'kita-sonnenschein', title: { de: 'Kita Sonnenschein', en: 'Sunshine day-care' } };
const gruen = { key: 'gs-gruenau', title: { de: 'Grundschule Grünau' } };

describe('organisation search', () => {
  it('finds by any word of the German or English title or the key, ignoring case and umlauts', () => {
    expect(matchesSearch(sonnenschein, 'sonnen')).toBe(true);
    expect(matchesSearch(sonnenschein, 'SUNSHINE')).toBe(true);
    expect(matchesSearch(sonnenschein, 'kita-sonn')).toBe(true);
    expect(matchesSearch(gruen, 'grun')).toBe(true);
    expect(matchesSearch(gruen, 'Grünau schule')).toBe(true);
    expect(fold('Straße')).toBe('strasse');
  });

  it('needs every word and shows everything for an empty search', () => {
    expect(matchesSearch(sonnenschein, 'sonnen grünau')).toBe(false);
    expect(matchesSearch(gruen, 'kita')).toBe(false);
    expect(matchesSearch(gruen, '   ')).toBe(true);
  });
});

describe('organisation kinds', () => {
  it('has a German label for every offered kind and makes unknown kinds readable', () => {
    expect(ORGANISATION_KINDS.map((k) => kindLabel(k, t))).toEqual(['Kita', 'Grundschule', 'Hort', 'Weiterführende Schule', 'B-Punkt', 'Betrieb', 'Kursort', 'Partner', 'Träger', 'Amt']);
    expect(kindLabel('jugend_zentrum', t)).toBe('Jugend zentrum');
  });
});

describe('API errors at the field', () => {
  it('maps fastify validation paths and catalogue errors to the form field', () => {
    expect(bodyPointer('body/title/de')).toBe('/title/de');
    expect(bodyPointer('/parent')).toBe('/parent');
    expect(bodyPointer('body')).toBe('/');
    const validation = new ApiError(400, 'VALIDATION_FAILED', 'bad', [
      { path: 'body/key', message: 'must match pattern' },
      { path: 'body/title/de', message: 'must NOT have fewer than 1 characters' },
    ]);
    expect(fieldErrorsOf(validation, orgFieldOf)).toEqual({ fields: { key: 'must match pattern', titleDe: 'must NOT have fewer than 1 characters' }, rest: false });
    const exists = new ApiError(409, 'ORGANISATION_EXISTS', 'exists');
    expect(fieldErrorsOf(exists, orgFieldOf, { ORGANISATION_EXISTS: { field: 'key', message: 'gibt es schon' } })).toEqual({ fields: { key: 'gibt es schon' }, rest: false });
  });

  it('leaves what no field shows to the box above the form', () => {
    expect(fieldErrorsOf(new ApiError(403, 'AUTH_FORBIDDEN', 'no'), orgFieldOf)).toEqual({ fields: {}, rest: true });
    expect(fieldErrorsOf(new ApiError(400, 'VALIDATION_FAILED', 'bad', [{ path: 'body/colour', message: 'x' }]), orgFieldOf)).toEqual({ fields: {}, rest: true });
    expect(fieldErrorsOf(new Error('boom'), orgFieldOf)).toEqual({ fields: {}, rest: true });
    expect(userFieldOf('/organisations/3')).toBe('organisations');
    expect(userFieldOf('/roles/0')).toBe('roles');
    expect(userFieldOf('/')).toBeNull();
  });
});

describe('read log', () => {
  it('names the forms read by their titles, all of them, or none', () => {
    const view = { stammdaten: { title: { de: 'Stammdaten' } } };
    const lt = (x: { de: string }) => x.de;
    expect(formsText(['stammdaten', 'alt'], view, t as never, lt)).toBe('Stammdaten, alt');
    expect(formsText(null, view, t as never, lt)).toBe('alle Formulare');
    expect(formsText([], view, t as never, lt)).toBe('keine Formulardaten');
  });
});
