import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintDefinition } from '../../../engine/definition/index.js';
import type { DefinitionDocument } from '../../../ui/src/api/types.js';
import { addState, ChartEditError, deleteState, keyFromTitle, listStates, renameState, setFinal, setInitial, setParallel, setTask, setTitle, stateAt } from '../../../ui/src/studio/chart/model.js';
import { addReminder, addTransition, listTransitions, removeTransition, setGuard, setTarget } from '../../../ui/src/studio/chart/transitions.js';
import { fromIsoDuration, toIsoDuration } from '../../../ui/src/studio/chart/duration.js';

const kitaMini = (): DefinitionDocument => JSON.parse(readFileSync(new URL('../../fixtures/kita-mini.json', import.meta.url), 'utf8'));

/** Lints like the server does; the problems are in the failure message. */
function expectValid(doc: DefinitionDocument) {
  const r = lintDefinition(doc);
  expect(r.ok ? [] : r.problems).toEqual([]);
}

/** A nested and parallel process with targets in every form XState knows. */
const nested = (): DefinitionDocument => ({
  key: 'nested',
  version: 1,
  title: { de: 'Verschachtelt' },
  roles: ['kita', 'schule'],
  forms: { f: { title: { de: 'F' }, schema: { type: 'object', properties: { ok: { type: 'boolean', title: 'OK' } } } } },
  machine: {
    id: 'nested',
    initial: 'pruefung',
    states: {
      pruefung: {
        type: 'parallel',
        states: {
          kita: {
            initial: 'offen',
            states: {
              offen: { meta: { task: { roles: ['kita'], form: 'f' } }, on: { SUBMIT: 'fertig' } },
              fertig: { type: 'final' },
            },
          },
          schule: {
            initial: 'offen',
            states: {
              offen: {
                meta: { task: { roles: ['schule'], form: 'f' } },
                on: { SUBMIT: [{ target: '#nested.pruefung.schule.fertig', guard: { type: 'inState', params: { state: 'pruefung.kita.fertig' } } }, { target: 'fertig' }] },
              },
              fertig: { type: 'final' },
            },
          },
        },
        onDone: 'ende',
      },
      ende: { type: 'final' },
    },
  },
});

describe('statechart model', () => {
  it('adds a state with a key from its German title, and it lints once connected', () => {
    const { doc, path } = addState(kitaMini(), '', { de: 'Erstgespräch', en: 'First talk' });
    expect(path).toBe('erstgespraech');
    expect(stateAt(doc.machine, path)?.meta).toEqual({ title: { de: 'Erstgespräch', en: 'First talk' } });
    // Unreachable until a transition leads there: lint says so at the state.
    const lint = lintDefinition(doc);
    expect(lint.ok).toBe(false);
    const withTask = setTask(doc, path, { roles: ['schule'], form: 'notiz', due: 'P7D' });
    const linked = addTransition(withTask, 'dialog', path, { kind: 'event', label: { de: 'Gespräch vereinbaren', en: 'Arrange talk' }, roles: ['schule'] }).doc;
    const done = addTransition(linked, path, 'abgeschlossen', { kind: 'submit' }).doc;
    expectValid(done);
    expect(stateAt(done.machine, 'dialog')?.on).toEqual({ SUBMIT: 'abgeschlossen', GESPRAECH_VEREINBAREN: 'erstgespraech' });
    expect((stateAt(done.machine, 'dialog')?.meta as any).events).toEqual({ GESPRAECH_VEREINBAREN: { label: { de: 'Gespräch vereinbaren', en: 'Arrange talk' }, roles: ['schule'] } });
  });

  it('does not reuse a taken key', () => {
    const { path } = addState(kitaMini(), '', { de: 'Dialog' });
    expect(path).toBe('dialog_2');
    expect(keyFromTitle('Über 3 Jahre – Größe')).toBe('ueber_3_jahre_groesse');
  });

  it('renames a state and every reference to it: initial, targets, titles stay', () => {
    const doc = setInitial(kitaMini(), 'erfassung');
    const { doc: renamed, path } = renameState(doc, 'erfassung', 'aufnahme');
    expect(path).toBe('aufnahme');
    expect(renamed.machine.initial).toBe('aufnahme');
    expect(Object.keys(renamed.machine.states as object)[0]).toBe('aufnahme');
    expect(stateAt(renamed.machine, 'ueberfaellig')?.on).toEqual({ SUBMIT: 'aufnahme' });
    const { doc: again } = renameState(renamed, 'dialog', 'schuldialog');
    expect((stateAt(again.machine, 'aufnahme')?.on as any).SUBMIT[0].target).toBe('schuldialog');
    expect(JSON.stringify(again)).not.toMatch(/"dialog"/);
    expectValid(again);
  });

  it('renames nested states in #id targets, inState and onDone, and parents rename their children', () => {
    let { doc } = renameState(nested(), 'pruefung.schule.fertig', 'erledigt');
    const schule = stateAt(doc.machine, 'pruefung.schule.offen')?.on as any;
    expect(schule.SUBMIT[0].target).toBe('#nested.pruefung.schule.erledigt');
    expect(schule.SUBMIT[1].target).toBe('erledigt');
    ({ doc } = renameState(doc, 'pruefung.kita.fertig', 'fertig_kita'));
    expect((stateAt(doc.machine, 'pruefung.schule.offen')?.on as any).SUBMIT[0].guard.params.state).toBe('pruefung.kita.fertig_kita');
    ({ doc } = renameState(doc, 'pruefung', 'abstimmung'));
    expect(doc.machine.initial).toBe('abstimmung');
    expect((stateAt(doc.machine, 'abstimmung.schule.offen')?.on as any).SUBMIT[0]).toEqual({
      target: '#nested.abstimmung.schule.erledigt',
      guard: { type: 'inState', params: { state: 'abstimmung.kita.fertig_kita' } },
    });
    ({ doc } = renameState(doc, 'ende', 'abschluss'));
    expect(stateAt(doc.machine, 'abstimmung')?.onDone).toBe('abschluss');
    expectValid(doc);
  });

  it('refuses a key that exists or is not a key', () => {
    expect(() => renameState(kitaMini(), 'dialog', 'erfassung')).toThrow(ChartEditError);
    expect(() => renameState(kitaMini(), 'dialog', 'mit leerzeichen')).toThrow(/not a valid state key/);
  });

  it('deletes a state with the transitions into it and the events left without transitions', () => {
    const doc = deleteState(kitaMini(), 'abgebrochen');
    expect(stateAt(doc.machine, 'abgebrochen')).toBeUndefined();
    const erfassung = stateAt(doc.machine, 'erfassung') as any;
    expect(erfassung.on.ABBRECHEN).toBeUndefined();
    expect(Object.keys(erfassung.meta.events)).toEqual(['NOTIZ']);
    expectValid(doc);
    const noFallback = deleteState(kitaMini(), 'ohneWeitergabe');
    expect((stateAt(noFallback.machine, 'erfassung') as any).on.SUBMIT).toEqual({ guard: expect.anything(), target: 'dialog' });
  });

  it('refuses to delete the initial state until another one is chosen', () => {
    expect(() => deleteState(kitaMini(), 'erfassung')).toThrow(expect.objectContaining({ code: 'initial' }));
    const doc = setInitial(kitaMini(), 'dialog');
    const without = deleteState(doc, 'erfassung');
    expect(without.machine.initial).toBe('dialog');
    expect(stateAt(without.machine, 'ueberfaellig')?.on).toBeUndefined();
  });

  it('marks a state final and back, dropping what a final state cannot have', () => {
    const doc = setFinal(kitaMini(), 'ueberfaellig', true);
    expect(stateAt(doc.machine, 'ueberfaellig')).toEqual({ type: 'final', meta: { title: { de: 'Überfällig', en: 'Overdue' } } });
    expectValid(doc);
    expect(stateAt(setFinal(doc, 'ueberfaellig', false).machine, 'ueberfaellig')?.type).toBeUndefined();
  });

  it('adds child states: the first becomes initial, a parallel parent has regions', () => {
    const added = addState(kitaMini(), 'dialog', { de: 'Vorbereitung' });
    const path = added.path;
    let doc = added.doc;
    expect(path).toBe('dialog.vorbereitung');
    expect(stateAt(doc.machine, 'dialog')?.initial).toBe('vorbereitung');
    doc = setTask(doc, path, { roles: ['schule'] });
    ({ doc } = addState(doc, 'dialog', { de: 'Fertig' }, { final: true }));
    doc = addTransition(doc, 'dialog.vorbereitung', 'dialog.fertig', { kind: 'submit' }).doc;
    expect(listStates(doc).find((s) => s.path === 'dialog')).toMatchObject({ type: 'compound', childKeys: ['vorbereitung', 'fertig'] });
    const par = setParallel(nested(), 'pruefung', false);
    expect(stateAt(par.machine, 'pruefung')?.initial).toBe('kita');
    expect(stateAt(setParallel(par, 'pruefung', true).machine, 'pruefung')?.initial).toBeUndefined();
  });

  it('sets titles and tasks', () => {
    let doc = setTitle(kitaMini(), 'dialog', { de: 'Schuldialog', en: 'School dialogue' });
    doc = setTask(doc, 'dialog', { roles: ['schule', 'kita'], form: 'stammdaten', due: 'PT2H' });
    expect(stateAt(doc.machine, 'dialog')?.meta).toEqual({ title: { de: 'Schuldialog', en: 'School dialogue' }, task: { roles: ['schule', 'kita'], form: 'stammdaten', due: 'PT2H' } });
    expectValid(doc);
    expect((stateAt(setTask(doc, 'dialog', undefined).machine, 'dialog')?.meta as any).task).toBeUndefined();
  });
});

describe('transitions of each trigger kind', () => {
  it('on submit with a rule and a German message: guarded branch before the fallback', () => {
    const guard = { type: 'formula', params: { rule: { '==': [{ var: 'data.stammdaten.einwilligung' }, false] } }, message: { de: 'Nur ohne Einwilligung.', en: 'Only without consent.' } };
    const { doc, ref } = addTransition(kitaMini(), 'erfassung', 'abgebrochen', { kind: 'submit' }, guard);
    expect(ref).toEqual({ source: 'erfassung', kind: 'on', trigger: 'SUBMIT', index: 1 });
    expect(((stateAt(doc.machine, 'erfassung') as any).on.SUBMIT as unknown[]).at(-1)).toEqual({ target: 'ohneWeitergabe' });
    expectValid(doc);
  });

  it('refuses submit on a state without a task', () => {
    expect(() => addTransition(kitaMini(), 'abgeschlossen', 'dialog', { kind: 'submit' })).toThrow(expect.objectContaining({ code: 'noTask' }));
  });

  it('a deadline "nach 14 Tagen" is an after with P14D, and a reminder a target-less remind', () => {
    const iso = toIsoDuration({ amount: 14, unit: 'days' });
    expect(iso).toBe('P14D');
    expect(toIsoDuration({ amount: 2, unit: 'hours' })).toBe('PT2H');
    expect(fromIsoDuration('PT30M')).toEqual({ amount: 30, unit: 'minutes' });
    expect(fromIsoDuration('P1DT2H')).toBeNull();
    let { doc } = addTransition(kitaMini(), 'dialog', 'abgebrochen', { kind: 'after', duration: iso });
    expect((stateAt(doc.machine, 'dialog') as any).after).toEqual({ P14D: 'abgebrochen' });
    ({ doc } = addReminder(doc, 'dialog', { duration: 'P7D', title: { de: 'Nachfassen' }, roles: ['schule'], due: 'P2D' }));
    expect((stateAt(doc.machine, 'dialog') as any).after.P7D).toEqual({ actions: [{ type: 'remind', params: { title: { de: 'Nachfassen' }, roles: ['schule'], due: 'P2D' } }] });
    expectValid(doc);
    const list = listTransitions(doc, ['dialog']);
    expect(list.map((t) => [t.triggerKind, t.target, t.reminder])).toEqual([
      ['submit', 'abgeschlossen', false],
      ['after', 'abgebrochen', false],
      ['after', null, true],
    ]);
    expect(() => addTransition(kitaMini(), 'dialog', 'abgebrochen', { kind: 'after', duration: '14 Tage' })).toThrow(ChartEditError);
  });

  it('a person event carries label, roles and form; a linked-case event is a system event', () => {
    let { doc } = addTransition(kitaMini(), 'dialog', 'abgebrochen', { kind: 'event', label: { de: 'Zurückziehen', en: 'Withdraw' }, roles: ['kita'], form: 'notiz' });
    ({ doc } = addTransition(doc, 'dialog', 'abgeschlossen', { kind: 'linked', event: 'KIND_ANGEMELDET' }));
    expectValid(doc);
    const list = listTransitions(doc, ['dialog']);
    expect(list.map((t) => [t.trigger, t.triggerKind, t.label?.de])).toEqual([
      ['SUBMIT', 'submit', undefined],
      ['ZURUECKZIEHEN', 'event', 'Zurückziehen'],
      ['KIND_ANGEMELDET', 'linked', undefined],
    ]);
    expect((stateAt(doc.machine, 'dialog')?.meta as any).events.ZURUECKZIEHEN).toEqual({ label: { de: 'Zurückziehen', en: 'Withdraw' }, roles: ['kita'], form: 'notiz' });
    // Removing the event's only transition stops offering it.
    const removed = removeTransition(doc, list[1]);
    expect((stateAt(removed.machine, 'dialog')?.meta as any).events).toBeUndefined();
    expectValid(removed);
  });

  it('transitions into nested states are written with the machine id; guards and targets change in place', () => {
    let { doc } = addState(kitaMini(), 'dialog', { de: 'Vorbereitung' });
    doc = setTask(doc, 'dialog.vorbereitung', { roles: ['schule'] });
    ({ doc } = addState(doc, 'dialog', { de: 'Fertig' }, { final: true }));
    doc = addTransition(doc, 'dialog.vorbereitung', 'dialog.fertig', { kind: 'submit' }).doc;
    const r = addTransition(doc, 'ueberfaellig', 'dialog.vorbereitung', { kind: 'linked', event: 'WIEDER' });
    expect((stateAt(r.doc.machine, 'ueberfaellig') as any).on.WIEDER).toBe('#kita-mini.dialog.vorbereitung');
    let edited = setGuard(r.doc, r.ref, { type: 'formula', params: { rule: { '!=': [{ var: 'data.stammdaten.vorname' }, ''] } } });
    edited = setTarget(edited, r.ref, 'abgebrochen');
    expect((stateAt(edited.machine, 'ueberfaellig') as any).on.WIEDER).toEqual({ target: 'abgebrochen', guard: { type: 'formula', params: { rule: { '!=': [{ var: 'data.stammdaten.vorname' }, ''] } } } });
    expect((stateAt(setGuard(edited, r.ref, undefined).machine, 'ueberfaellig') as any).on.WIEDER).toBe('abgebrochen');
  });
});

describe('guard order', () => {
  it('moves a branch that gets a condition before the unguarded fallback, so it is asked first', async () => {
    const { guardedFirst } = await import('../../../ui/src/studio/chart/transitions.js');
    const { doc, ref } = addTransition(kitaMini(), 'dialog', 'abgebrochen', { kind: 'submit' });
    expect(ref.index).toBe(1);
    const guarded = setGuard(doc, ref, { type: 'formula', params: { rule: { '==': [{ var: 'data.stammdaten.einwilligung' }, true] } } });
    const moved = guardedFirst(guarded, ref);
    expect(moved.ref.index).toBe(0);
    expect((stateAt(moved.doc.machine, 'dialog') as any).on.SUBMIT).toEqual([{ target: 'abgebrochen', guard: expect.anything() }, 'abgeschlossen']);
    expectValid(moved.doc);
  });
});
