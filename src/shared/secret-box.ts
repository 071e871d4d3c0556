/**
 * Envelope encryption for secrets at rest (station passwords, the readiness signing keys): each secret is sealed with its own random data key (AES-256-GCM), and the data key is
 * sealed with the key-encryption key (KEK). The KEK sits behind {@link KeyEncryptionKey}, so a KMS
 * can implement it later without touching the callers. Imports nothing above `src/shared/`.
 *
 * Sealed form (one string, safe for a text column): `v1.<kekId>.<wrapped data key>.<iv>.<ciphertext>.<tag>`,
 * base64url parts. The associated data (e.g. `station-secret:<organisationId>:<name>`) binds a
 * sealed value to its row: moved to another row it does not open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Wraps and unwraps data keys: a local key today, a KMS later. */
export interface KeyEncryptionKey {
  /** Names the key, stored with each sealed value (for rotation). */
  readonly id: string;
  wrap(dataKey: Buffer): Promise<Buffer>;
  unwrap(wrapped: Buffer): Promise<Buffer>;
}

/** A 32-byte key held in memory (from configuration or a file under DATA_DIR). */
export class LocalKeyEncryptionKey implements KeyEncryptionKey {
  constructor(
    readonly id: string,
    private readonly key: Buffer,
  ) {
    if (key.length !== 32) throw new Error('LocalKeyEncryptionKey: the key must be 32 bytes (AES-256)');
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(id)) throw new Error('LocalKeyEncryptionKey: the id must be 1-40 characters of [A-Za-z0-9_-]');
  }

  async wrap(dataKey: Buffer): Promise<Buffer> {
    const { iv, ciphertext, tag } = seal(this.key, dataKey, Buffer.from(`kek:${this.id}`));
    return Buffer.concat([iv, tag, ciphertext]);
  }

  async unwrap(wrapped: Buffer): Promise<Buffer> {
    return open(this.key, wrapped.subarray(0, 12), wrapped.subarray(28), wrapped.subarray(12, 28), Buffer.from(`kek:${this.id}`));
  }
}

/** Seals and opens secrets with envelope encryption under one KEK (and older ones, for reading). */
export class SecretBox {
  /** @param kek seals new values; @param previous older KEKs that still open values sealed with them. */
  constructor(
    private readonly kek: KeyEncryptionKey,
    private readonly previous: readonly KeyEncryptionKey[] = [],
  ) {}

  /** Seals `plaintext`, bound to `associatedData`. */
  async seal(plaintext: string, associatedData: string): Promise<string> {
    const dataKey = randomBytes(32);
    const { iv, ciphertext, tag } = seal(dataKey, Buffer.from(plaintext, 'utf8'), Buffer.from(associatedData, 'utf8'));
    const wrapped = await this.kek.wrap(dataKey);
    dataKey.fill(0);
    return ['v1', this.kek.id, ...[wrapped, iv, ciphertext, tag].map((b) => b.toString('base64url'))].join('.');
  }

  /** Opens a sealed value; throws when it was altered, sealed for other associated data, or under an unknown KEK. */
  async open(sealed: string, associatedData: string): Promise<string> {
    const parts = sealed.split('.');
    if (parts.length !== 6 || parts[0] !== 'v1') throw new Error('SecretBox: not a sealed value');
    const kek = [this.kek, ...this.previous].find((k) => k.id === parts[1]);
    if (!kek) throw new Error(`SecretBox: sealed under an unknown key ${parts[1]}`);
    const [wrapped, iv, ciphertext, tag] = parts.slice(2).map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer, Buffer];
    const dataKey = await kek.unwrap(wrapped);
    try {
      return open(dataKey, iv, ciphertext, tag, Buffer.from(associatedData, 'utf8')).toString('utf8');
    } finally {
      dataKey.fill(0);
    }
  }
}

/**
 * The app's box (station secrets, credential signing keys): the key-encryption key from `SECRET_KEY` (32 bytes,
 * base64url) when set, else from `DATA_DIR/secret.key`, created with mode 0600 on first use.
 * A KMS implements `KeyEncryptionKey` later without touching the callers.
 */
export function secretBoxFor(config: { SECRET_KEY?: string; DATA_DIR: string }): SecretBox {
  if (config.SECRET_KEY) return new SecretBox(new LocalKeyEncryptionKey('env', Buffer.from(config.SECRET_KEY, 'base64url')));
  const file = path.join(config.DATA_DIR, 'secret.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.DATA_DIR, { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return new SecretBox(new LocalKeyEncryptionKey('file', Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url')));
}

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): { iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

function open(key: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}
