import { base32Encode, totpCode, verifyTotp } from './totp';

// RFC 6238 appendix B, SHA-1, secret "12345678901234567890" (8-digit codes).
const SECRET = base32Encode(Buffer.from('12345678901234567890'));

test('TOTP codes match the RFC 6238 test vectors', () => {
  expect(totpCode(SECRET, new Date(59_000), 8)).toBe('94287082');
  expect(totpCode(SECRET, new Date(1111111109_000), 8)).toBe('07081804');
  expect(totpCode(SECRET, new Date(1234567890_000), 8)).toBe('89005924');
  expect(totpCode(SECRET, new Date(20000000000_000), 8)).toBe('65353130');
});

test('a code is accepted one 30 s step either side, not two, and malformed codes are refused', () => {
  const at = new Date(1_700_000_000_000);
  const code = totpCode(SECRET, at);
  expect(verifyTotp(SECRET, code, new Date(at.getTime() + 30_000))).toBe(true);
  expect(verifyTotp(SECRET, code, new Date(at.getTime() + 61_000))).toBe(false);
  expect(verifyTotp(SECRET, '12345', at)).toBe(false);
});
