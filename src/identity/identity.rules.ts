import { createHash, randomBytes } from 'node:crypto';
import type { Caller } from '../shared/request-context';
import { IdentityErrorCode } from './identity.messages';

/** Shortest password accepted (NIST SP 800-63B allows 8; we ask for a passphrase). */
export const MIN_PASSWORD_LENGTH = 12;
/** Longest password accepted (scrypt has no limit; this keeps a request's cost bounded). */
export const MAX_PASSWORD_LENGTH = 256;

/** Normalised form used to compare a password with the list of common passwords. */
export function commonForm(password: string): string {
  return password.normalize('NFKC').toLowerCase();
}

/**
 * Why a new password is refused, or undefined when it is acceptable: too short, too long, in
 * the list of common passwords, or one character repeated.
 */
export function passwordProblem(password: string, common: ReadonlySet<string>): IdentityErrorCode | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return IdentityErrorCode.PASSWORD_TOO_SHORT;
  if (length > MAX_PASSWORD_LENGTH) return IdentityErrorCode.PASSWORD_TOO_LONG;
  const form = commonForm(password);
  if (common.has(form) || new Set(form).size <= 2) return IdentityErrorCode.PASSWORD_TOO_COMMON;
  return undefined;
}

/** Normalised e-mail address (trimmed, lower-cased), or undefined when it is not one. */
export function normalEmail(email: string): string | undefined {
  const e = email.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) && e.length <= 254 ? e : undefined;
}

/** A new random token with a prefix (`dhi_` invitations, `dhs_` sessions): 256 bits. */
export function newToken(prefix: 'dhi' | 'dhs'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** What is stored of a token: hex SHA-256 (tokens are random, so a slow hash adds nothing). */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Person roles as membership roles are written (`src/organizations/membership.entity.ts`). */
export type MembershipRole = 'STUDENT' | 'MENTOR' | 'CURATOR' | 'LAB_INSTRUCTOR' | 'SAFETY_OFFICER' | 'STAFF';

/**
 * The caller role a membership acts with, so every rule written for keys holds for people:
 * STAFF administer their organisation (ADMIN); instructors, mentors, curators and safety officers
 * change records (WRITER); students read (READER).
 */
export function callerRoleOf(role: MembershipRole): Caller['role'] {
  switch (role) {
    case 'STAFF':
      return 'ADMIN';
    case 'STUDENT':
      return 'READER';
    default:
      return 'WRITER';
  }
}
