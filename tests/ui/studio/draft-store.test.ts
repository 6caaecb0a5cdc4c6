import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../ui/src/api/client.js';
import type { DefinitionDocument, DefinitionSummary } from '../../../ui/src/api/types.js';
import { createDraftStore } from '../../../ui/src/studio/draft.js';

const doc = (): DefinitionDocument => ({ key: 'p', version: 3, title: { de: 'P' }, roles: ['a'], forms: {}, machine: { id: 'p', states: {} } });
const summary = (d: DefinitionDocument): DefinitionSummary => ({ key: d.key, version: d.version, status: 'draft', title: d.title, fieldOfAction: null, createdAt: '', publishedAt: null }) as DefinitionSummary;

describe('studio draft store', () => {
  it('applies immutable updates with undo and redo, and knows when it is dirty', () => {
    const start = doc();
    const store = createDraftStore(start, 'draft');
    store.getSnapshot().update((d) => {
      d.title.de = 'Neu';
    });
    const s = store.getSnapshot();
    expect(s.document.title.de).toBe('Neu');
    expect(start.title.de).toBe('P');
    expect(s.dirty && s.canUndo && !s.canRedo).toBe(true);
    s.undo();
    expect(store.getSnapshot().document).toBe(start);
    expect(store.getSnapshot().dirty).toBe(false);
    store.getSnapshot().redo();
    expect(store.getSnapshot().document.title.de).toBe('Neu');
  });

  it('makes one undo step of the keystrokes of one input', () => {
    const store = createDraftStore(doc(), 'draft');
    for (const text of ['N', 'Ne', 'Neu']) store.getSnapshot().update((d) => void (d.title.de = text), { coalesce: 'title' });
    store.getSnapshot().update((d) => void (d.title.en = 'New'));
    store.getSnapshot().undo();
    expect(store.getSnapshot().document.title).toEqual({ de: 'Neu' });
    store.getSnapshot().undo();
    expect(store.getSnapshot().document.title).toEqual({ de: 'P' });
    expect(store.getSnapshot().canUndo).toBe(false);
  });

  it('notifies subscribers on every change', () => {
    const store = createDraftStore(doc(), 'draft');
    let calls = 0;
    const off = store.subscribe(() => calls++);
    store.getSnapshot().update((d) => void (d.roles = ['a', 'b']));
    store.getSnapshot().setFocus('/roles/1');
    off();
    store.getSnapshot().undo();
    expect(calls).toBe(2);
    expect(store.getSnapshot().focus).toBe('/roles/1');
  });

  it('saves a draft version in place', async () => {
    const sent: DefinitionDocument[] = [];
    const store = createDraftStore(doc(), 'draft', { importDefinition: async (d) => (sent.push(d), summary(d)), versionsOf: async () => [1, 2, 3] });
    store.getSnapshot().update((d) => void (d.title.de = 'Neu'));
    const result = await store.getSnapshot().save();
    expect(result.saved?.version).toBe(3);
    expect(sent[0].version).toBe(3);
    expect(store.getSnapshot().dirty).toBe(false);
  });

  it('saves changes to a published version as a draft of the next free version', async () => {
    const sent: DefinitionDocument[] = [];
    const store = createDraftStore(doc(), 'published', { importDefinition: async (d) => (sent.push(d), summary(d)), versionsOf: async () => [1, 2, 3, 5] });
    store.getSnapshot().update((d) => void (d.title.de = 'Neu'));
    const result = await store.getSnapshot().save();
    expect(result.saved?.version).toBe(6);
    expect(sent[0]).toMatchObject({ version: 6, title: { de: 'Neu' } });
    expect(store.getSnapshot()).toMatchObject({ status: 'draft', dirty: false });
    expect(store.getSnapshot().document.version).toBe(6);
  });

  it('gives back the server’s problems of an invalid document and stays dirty', async () => {
    const store = createDraftStore(doc(), 'draft', {
      importDefinition: async () => {
        throw new ApiError(400, 'DEFINITION_INVALID', 'invalid', [{ path: '/roles', message: 'leer' }]);
      },
    });
    store.getSnapshot().update((d) => void (d.roles = []));
    const result = await store.getSnapshot().save();
    expect(result.problems).toEqual([{ path: '/roles', message: 'leer' }]);
    expect(store.getSnapshot().dirty).toBe(true);
  });

  it('lets other errors through', async () => {
    const store = createDraftStore(doc(), 'draft', {
      importDefinition: async () => {
        throw new ApiError(409, 'DEFINITION_EXISTS', 'published');
      },
    });
    await expect(store.getSnapshot().save()).rejects.toThrow('published');
  });
});
