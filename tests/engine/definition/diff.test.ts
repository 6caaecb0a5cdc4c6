import { describe, expect, it } from 'vitest';
import { diffDefinitions, stateRenames, type Definition } from '../../../engine/definition/index.js';
import { beratungV1, beratungV2 } from '../../fixtures/migration-definitions.js';

const v1 = () => beratungV1() as unknown as Definition;
const v2 = () => beratungV2() as unknown as Definition;
const texts = (a: Definition, b: Definition) => diffDefinitions(a, b).map((c) => c.text.de);
const edit = (f: (d: any) => void) => {
  const d = v1() as any;
  f(d);
  return d as Definition;
};

describe('diffDefinitions', () => {
  it('finds nothing between a version and itself', () => {
    expect(diffDefinitions(v1(), v1())).toEqual([]);
  });

  it('detects a renamed state by its task and transitions, and names the dropped one', () => {
    expect(stateRenames(v1(), v2())).toEqual({ erstgespraech: 'erstberatung' });
    const all = texts(v1(), v2());
    expect(all).toContain("Zustand ‚Erstgespräch' umbenannt in ‚Erstberatung'");
    expect(all).toContain("Zustand ‚Wartet' entfernt");
    expect(all).toContain("Übergang ‚Anfrage' → ‚Wartet' (WARTEN) entfernt");
    expect(all).not.toContain("Zustand ‚Erstberatung' hinzugefügt");
  });

  it('words field changes: added, now required, access', () => {
    const changes = diffDefinitions(v1(), v2());
    expect(changes.map((c) => c.text.de)).toEqual(expect.arrayContaining([
      "Feld ‚Stadtteil' im Formular ‚Anfrage' hinzugefügt",
      "Feld ‚B-Punkt' im Formular ‚Anfrage' ist jetzt Pflicht",
      "Zugriff der Rolle ‚beratung' geändert",
    ]));
    expect(changes.find((c) => c.kind === 'field-added')).toMatchObject({ path: '/forms/anfrage/schema/properties/stadtteil', text: { en: "Field 'Stadtteil' added in form 'Request'" } });
  });

  it('tells a removed field from a renamed one (same definition under a new key)', () => {
    const renamed = edit((d) => {
      const p = d.forms.anfrage.schema.properties;
      p.einrichtung = { ...p.bpunkt, title: 'Einrichtung' };
      delete p.bpunkt;
    });
    expect(texts(v1(), renamed)).toEqual(["Feld ‚B-Punkt' im Formular ‚Anfrage' umbenannt in ‚Einrichtung'"]);
    const removed = edit((d) => delete d.forms.anfrage.schema.properties.bpunkt);
    expect(texts(v1(), removed)).toEqual(["Feld ‚B-Punkt' im Formular ‚Anfrage' entfernt"]);
    const retyped = edit((d) => (d.forms.anfrage.schema.properties.bpunkt = { type: 'integer', title: 'B-Punkt' }));
    expect(texts(v1(), retyped)).toEqual(["Feld ‚B-Punkt' im Formular ‚Anfrage' geändert"]);
  });

  it('notices a changed rule and a new transition', () => {
    const guarded = edit((d) => {
      d.machine.states.anfrage.on.SUBMIT = { target: 'erstgespraech', guard: { type: 'formula', params: { rule: { '!!': [{ var: 'data.anfrage.bpunkt' }] } } } };
      d.machine.states.warten.on.ABBRECHEN = 'abgeschlossen';
    });
    expect(texts(v1(), guarded)).toEqual([
      "Regel des Übergangs ‚Anfrage' → ‚Erstgespräch' (SUBMIT) geändert",
      "Übergang ‚Wartet' → ‚Abgeschlossen' (ABBRECHEN) hinzugefügt",
    ]);
  });
});
