import { describe, expect, it } from 'vitest';
import { configuredPoolMax } from '../../../engine/store/database.js';

describe('the PostgreSQL pool size (AGORA_DB_POOL_MAX)', () => {
  it('is twice the cores plus one without the setting', () => {
    expect(configuredPoolMax(undefined, 2)).toBe(5);
    expect(configuredPoolMax('', 8)).toBe(17);
    expect(configuredPoolMax('  ', 1)).toBe(3);
  });

  it('is the number set, whatever the cores', () => {
    expect(configuredPoolMax('12', 2)).toBe(12);
    expect(configuredPoolMax(' 1 ', 16)).toBe(1);
    expect(configuredPoolMax('1000', 2)).toBe(1000);
  });

  it('stops the start with the setting named for anything but a whole number from 1 to 1000', () => {
    for (const bad of ['0', '-3', '2.5', 'zehn', '1e2', '1001', '10 20']) {
      expect(() => configuredPoolMax(bad, 2), bad).toThrow(`AGORA_DB_POOL_MAX: "${bad}" is not a number of connections`);
    }
  });
});
