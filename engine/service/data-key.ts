import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { AgoraError } from '../errors.js';

/** The envelope's version tag: `v1.<key id>.<iv>.<ciphertext>.<tag>` (base64url parts). */
const VERSION = 'v1';
const derive = (key: Buffer, purpose: string) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `agora/${purpose}`, 32));

/**
 * The installation's data key (`AGORA_DATA_KEY`, 32 bytes): seals personal
 * data that waits in the database before anyone has confirmed it (pending
 * self-registrations) with AES-256-GCM, and makes keyed lookup hashes
 * (HMAC-SHA256) so a limit per e-mail address works without the address.
 * Two sub-keys are derived with HKDF, one per use, so the lookup hash never
 * meets the cipher key. `id` names the key (not secret: an HMAC of a fixed
 * text), so a sealed value made under another key is told apart from a
 * damaged one.
 */
export class DataKey {
  readonly id: string;
  private readonly cipherKey: Buffer;
  private readonly lookupKey: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error(`the data key must be 32 bytes, not ${key.length}`);
    this.cipherKey = derive(key, 'seal/aes-256-gcm');
    this.lookupKey = derive(key, 'lookup/hmac-sha256');
    this.id = createHmac('sha256', derive(key, 'key-id')).update('agora data key').digest('hex').slice(0, 12);
  }

  /**
   * Reads `AGORA_DATA_KEY`: base64 (or base64url) of exactly 32 bytes.
   * @throws Error naming the variable, so a typo stops the start instead of sealing under a wrong key.
   */
  static fromBase64(value: string, name = 'AGORA_DATA_KEY'): DataKey {
    const text = value.trim();
    const bytes = /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
    if (bytes.length !== 32) throw new Error(`${name}: expected base64 of 32 random bytes (e.g. \`openssl rand -base64 32\`), got ${bytes.length} bytes`);
    return new DataKey(bytes);
  }

  /** A new random key as base64, for a key file. */
  static generate(): string {
    return randomBytes(32).toString('base64');
  }

  /**
   * Seals a JSON value. `context` (e.g. tenant and row id) is bound as
   * additional data: the sealed text opens only for the same context, so it
   * cannot be copied onto another row.
   */
  seal(value: unknown, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.cipherKey, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return [VERSION, this.id, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /**
   * Opens what {@link seal} made.
   * @throws AgoraError DATA_KEY_MISMATCH when it was sealed under another key;
   * Error when it was altered or belongs to another context.
   */
  open(sealed: string, context: string): unknown {
    const [version, keyId, iv, body, tag] = sealed.split('.');
    if (version !== VERSION || !tag) throw new Error('sealed data: unknown format');
    if (keyId !== this.id) throw new AgoraError('DATA_KEY_MISMATCH', { stored: keyId, configured: this.id });
    const decipher = createDecipheriv('aes-256-gcm', this.cipherKey, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    let plain: string;
    try {
      plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('sealed data: the authentication tag does not match (altered, or moved from another row)');
    }
    return JSON.parse(plain);
  }

  /** A keyed hash (hex) for lookups by a value that must not be stored: without the key it cannot be guessed from a list of addresses. */
  lookupHash(text: string): string {
    return createHmac('sha256', this.lookupKey).update(text, 'utf8').digest('hex');
  }
}
