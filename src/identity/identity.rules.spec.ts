import { callerRoleOf, MIN_PASSWORD_LENGTH, normalEmail, passwordProblem, tokenHash } from './identity.rules';
import { IdentityErrorCode } from './identity.messages';
import { loadCommonPasswords } from './identity.service';
import { hashPassword, verifyPassword } from './password';

const common = new Set(['password1234', 'qwertyuiop12']);

test('a new password needs 12 characters, is not in the common list (any case), and is not one character repeated', () => {
  expect(passwordProblem('a'.repeat(MIN_PASSWORD_LENGTH - 1) + '', common)).toBe(IdentityErrorCode.PASSWORD_TOO_SHORT);
  expect(passwordProblem('PassWord1234', common)).toBe(IdentityErrorCode.PASSWORD_TOO_COMMON);
  expect(passwordProblem('zzzzzzzzzzzzzz', common)).toBe(IdentityErrorCode.PASSWORD_TOO_COMMON);
  expect(passwordProblem('x'.repeat(257) + 'yz', common)).toBe(IdentityErrorCode.PASSWORD_TOO_LONG);
  expect(passwordProblem('correct horse battery staple', common)).toBeUndefined();
});

test('the common-passwords list in fixtures/ loads and holds the usual suspects', () => {
  const list = loadCommonPasswords();
  expect(list.size).toBeGreaterThan(1000);
  expect(list.has('password1234')).toBe(true);
});

test('e-mails are trimmed and lower-cased; non-addresses are refused', () => {
  expect(normalEmail('  A.B@Ineu.KZ ')).toBe('a.b@ineu.kz');
  expect(normalEmail('not an address')).toBeUndefined();
});

test('membership roles map to caller roles: STAFF administer, students read, the rest write', () => {
  expect(callerRoleOf('STAFF')).toBe('ADMIN');
  expect(callerRoleOf('STUDENT')).toBe('READER');
  expect(callerRoleOf('LAB_INSTRUCTOR')).toBe('WRITER');
  expect(callerRoleOf('SAFETY_OFFICER')).toBe('WRITER');
});

test('scrypt hashes verify only the right password, carry their parameters, and tokens are stored as SHA-256', async () => {
  const hash = await hashPassword('correct horse battery staple');
  expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
  expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
  expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
  expect(tokenHash('dhs_x')).toMatch(/^[0-9a-f]{64}$/);
});
