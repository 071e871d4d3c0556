import { Writable } from 'node:stream';
import { createLogger } from './logger';

test('secrets never reach the log: keys, passwords and authorization headers are redacted', () => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  const log = createLogger('info', sink);
  log.info({ apiKey: 'dh_abc_secret1', station: { password: 'pw-secret2' }, headers: { authorization: 'Bearer dh_x_secret3' }, secret: 'secret4' }, 'something happened');
  const text = lines.join('');
  expect(text).toContain('something happened');
  for (const secret of ['secret1', 'secret2', 'secret3', 'secret4']) expect(text).not.toContain(secret);
  expect(text).toContain('[redacted]');
});
