import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERRORS } from '../../engine/errors.js';

const doc = readFileSync('docs/errors.md', 'utf8');
const rows = [...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => ({ code: m[1], status: Number(m[2]) }));

describe('error catalogue', () => {
  it('documents every code with its HTTP status', () => {
    for (const [code, entry] of Object.entries(ERRORS)) {
      expect(rows.find((r) => r.code === code), `${code} missing from docs/errors.md`).toEqual({ code, status: entry.status });
    }
  });

  it('documents no code the catalogue does not have', () => {
    expect(rows.map((r) => r.code).filter((c) => !(c in ERRORS))).toEqual([]);
  });
});
