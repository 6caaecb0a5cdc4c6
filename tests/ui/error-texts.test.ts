import { describe, expect, it } from 'vitest';
import { ERRORS } from '../../engine/errors.js';
import { messages } from '../../ui/src/i18n/messages.js';

describe('UI error texts (#11)', () => {
  const uiCodes = (lang: 'de' | 'en') => Object.keys(messages[lang]).filter((k) => /^error\.[A-Z_]+$/.test(k)).map((k) => k.slice('error.'.length));

  it('has a German and an English text for every code of the engine catalogue', () => {
    for (const lang of ['de', 'en'] as const) {
      const missing = Object.keys(ERRORS).filter((code) => !uiCodes(lang).includes(code));
      expect(missing, lang).toEqual([]);
    }
  });

  it('names no code the engine does not know (besides the client\'s own NETWORK)', () => {
    expect(uiCodes('de').filter((code) => code !== 'NETWORK' && !(code in ERRORS))).toEqual([]);
  });
});
