import { randomBytes } from 'node:crypto';
import { LocalKeyEncryptionKey, SecretBox } from './secret-box';

const kek = (id = 'k1') => new LocalKeyEncryptionKey(id, randomBytes(32));

describe('SecretBox: envelope encryption (AES-256-GCM data key per secret, wrapped by the KEK)', () => {
  test('a sealed secret opens with the same associated data, and its text is not in the sealed form', async () => {
    const box = new SecretBox(kek());
    const sealed = await box.seal('robot-operator-password', 'station-secret:org-1:CELL');
    expect(sealed).not.toContain('robot-operator-password');
    expect(sealed.startsWith('v1.k1.')).toBe(true);
    expect(await box.open(sealed, 'station-secret:org-1:CELL')).toBe('robot-operator-password');
    expect(await box.seal('x', 'a')).not.toBe(await box.seal('x', 'a'));
  });

  test('refuses a value moved to another row, altered, or sealed under another key', async () => {
    const box = new SecretBox(kek());
    const sealed = await box.seal('secret', 'station-secret:org-1:CELL');
    await expect(box.open(sealed, 'station-secret:org-2:CELL')).rejects.toThrow();
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered!').toString('base64url');
    await expect(box.open(parts.join('.'), 'station-secret:org-1:CELL')).rejects.toThrow();
    await expect(new SecretBox(kek('k1')).open(sealed, 'station-secret:org-1:CELL')).rejects.toThrow();
  });

  test('after a KEK rotation, values sealed under the previous key still open; new ones use the new key', async () => {
    const old = kek('k1');
    const sealed = await new SecretBox(old).seal('secret', 'ad');
    const rotated = new SecretBox(kek('k2'), [old]);
    expect(await rotated.open(sealed, 'ad')).toBe('secret');
    expect((await rotated.seal('secret', 'ad')).split('.')[1]).toBe('k2');
  });
});
