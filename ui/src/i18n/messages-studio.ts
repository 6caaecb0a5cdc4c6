/** Texts of the studio feature; see messages.ts. */
export const de = {
  'studio.tabs': 'Bereiche des Prozesses',
  'studio.tabComing': 'Der Bereich „{name}“ wird gerade gebaut.',
  'studio.toolbar': 'Entwurf',
  'studio.undo': 'Rückgängig',
  'studio.redo': 'Wiederholen',
  'studio.unsaved': 'ungespeicherte Änderungen',
  'studio.savedVersion': 'Als Entwurf gespeichert (Version {n}).',
  'studio.saveFirst': 'Erst speichern, dann veröffentlichen.',
  'studio.publishedEditHint': 'Diese Version ist veröffentlicht und bleibt unverändert. Ihre Änderungen werden als Entwurf der nächsten Version gespeichert.',
};

export const en: Record<keyof typeof de, string> = {
  'studio.tabs': 'Parts of the process',
  'studio.tabComing': 'The part “{name}” is being built.',
  'studio.toolbar': 'Draft',
  'studio.undo': 'Undo',
  'studio.redo': 'Redo',
  'studio.unsaved': 'unsaved changes',
  'studio.savedVersion': 'Saved as a draft (version {n}).',
  'studio.saveFirst': 'Save first, then publish.',
  'studio.publishedEditHint': 'This version is published and stays as it is. Your changes are saved as a draft of the next version.',
};
