import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { runMutation } from '../db/mutation';
import { FIXTURES_DIR, readFixtureFile } from '../seed/fixture-file';
import { inactiveAmong, Membership, ORGANIZATION_INACTIVE, Organization, Person, type PersonRole } from '../organizations';
import { UnauthenticatedError } from '../shared/errors';
import type { OrganizationKind } from '../shared/organization-kind';
import { callerOf, mayAdminister, requireRole } from '../shared/permissions';
import { actorOf, type Caller, type RequestContext } from '../shared/request-context';
import { type Outcome, refuse, succeed } from '../shared/rule-violation';
import { AuthSession } from './auth-session.entity';
import { IdentityErrorCode, identityViolation } from './identity.messages';
import { callerRoleOf, commonForm, type MembershipRole, newToken, normalEmail, passwordProblem, tokenHash } from './identity.rules';
import { Invitation } from './invitation.entity';
import { LocalAccount } from './local-account.entity';
import { SecondFactorPolicy } from './second-factor-policy.entity';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';
import { type InvitationMailer, noMailer } from './invitation.mailer';
import { verifyTotp } from './totp';
import type { Language } from '../shared/localized';

const VIEWER = Symbol('viewer');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How long an invitation link stays valid. */
export const INVITATION_TTL_MS = 7 * 24 * 3600_000;
/** How long a session lasts after sign-in. */
export const SESSION_TTL_MS = 12 * 3600_000;

/** A new invitation and its one-time link token (returned once; only its hash is stored). */
export interface IssuedInvitation {
  invitation: Invitation;
  token: string;
}

/** A new session and the cookie's token (returned once; only its hash is stored). */
export interface StartedSession {
  session: AuthSession;
  token: string;
}

/** A demo person who can sign in (development start-up prints these). */
export interface DemoAccount {
  email: string;
  fullName: string;
  /** BIN and English short name of each organisation, with the membership role. */
  memberships: { bin: string; organization: string; role: PersonRole }[];
}

/** A session row as authentication reads it. */
interface SessionAuthRow {
  id: string;
  person_id: string;
  enrolment_only: boolean;
  role: MembershipRole;
  organization_id: string;
  kind: OrganizationKind;
  region: string;
  active: boolean;
}

/** Reads the common-passwords list (data, one per line). */
export function loadCommonPasswords(file = path.join(FIXTURES_DIR, 'common-passwords.txt')): ReadonlySet<string> {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  return new Set(
    lines
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .map(commonForm),
  );
}

/**
 * People signing in as themselves: invitations, local passwords, server-side sessions. API keys
 * stay for partner systems (`src/organizations/api-key.service.ts`); a session's caller is
 * built from the active membership and goes through the same scope as a key's.
 */
export class IdentityService {
  private common: ReadonlySet<string> | undefined;
  private mailer: InvitationMailer = noMailer;

  /** Sends invitations by e-mail from now on (set at start when `SMTP_URL` is configured). */
  useMailer(mailer: InvitationMailer): void {
    this.mailer = mailer;
  }

  private commonPasswords(): ReadonlySet<string> {
    return (this.common ??= loadCommonPasswords());
  }

  /**
   * Invites a person by e-mail to an organisation with a membership role. Needs an ADMIN caller
   * of that organisation (or the coordinator of its region). Returns the one-time link token.
   */
  async invite(
    ctx: RequestContext,
    input: { organizationId: string; email: string; fullName: string; role: PersonRole; language?: Language },
  ): Promise<Outcome<IssuedInvitation, IdentityErrorCode>> {
    requireRole(ctx, ['ADMIN']);
    const outcome = await runMutation(ctx, async (tx): Promise<Outcome<IssuedInvitation, IdentityErrorCode>> => {
      const email = normalEmail(input.email);
      if (!email) return refuse(identityViolation(['input', 'email'], IdentityErrorCode.INVALID_EMAIL));
      const fullName = input.fullName.trim();
      if (!fullName) return refuse(identityViolation(['input', 'fullName'], IdentityErrorCode.FULL_NAME_REQUIRED));
      const organization = await tx.em.findOne(Organization, { id: input.organizationId });
      if (!organization) return refuse(identityViolation(['input', 'organizationId'], IdentityErrorCode.ORGANIZATION_NOT_FOUND));
      if (!mayAdminister(tx, organization)) return refuse(identityViolation(['input', 'organizationId'], IdentityErrorCode.NOT_YOUR_ORGANIZATION));
      if ((await inactiveAmong(tx.em, [organization.id])).size > 0)
        return refuse(identityViolation(['input', 'organizationId'], IdentityErrorCode.ORGANIZATION_INACTIVE));
      const token = newToken('dhi');
      const caller = callerOf(tx);
      const invitation = tx.em.create(Invitation, {
        organization,
        email,
        fullName,
        role: input.role,
        tokenHash: tokenHash(token),
        expiresAt: new Date(tx.clock.now().getTime() + INVITATION_TTL_MS),
        invitedBy: caller ? actorOf(caller) : 'cli',
      });
      await tx.em.flush();
      tx.log.info({ invitationId: invitation.id, organizationId: organization.id, role: input.role }, 'invitation issued');
      return succeed({ invitation, token });
    });
    // Mailed after the commit: a mail server that fails loses nothing (the token is returned anyway).
    if (outcome.ok) {
      const { invitation, token } = outcome.value;
      await this.mailer.send({
        invitationId: invitation.id,
        to: invitation.email,
        fullName: invitation.fullName,
        organization: invitation.organization.shortName ?? invitation.organization.name[input.language ?? ctx.lang],
        token,
        expiresAt: invitation.expiresAt,
        language: input.language ?? ctx.lang,
      });
    }
    return outcome;
  }

  /**
   * Uses an invitation: checks the link token (known, not expired, not used) and the new
   * password, then — in one transaction — finds or creates the person by e-mail, adds the
   * membership, sets the password and marks the invitation used. Runs in a system context (the
   * person has no session yet); nothing is written when anything is refused.
   */
  async acceptInvitation(ctx: RequestContext, input: { token: string; password: string }): Promise<Outcome<Person, IdentityErrorCode>> {
    return runMutation(ctx, async (tx) => {
      const invitation = await tx.em.findOne(Invitation, { tokenHash: tokenHash(input.token) }, { populate: ['organization'] });
      if (!invitation) return refuse(identityViolation(['input', 'token'], IdentityErrorCode.INVITATION_NOT_FOUND));
      if (invitation.acceptedAt) return refuse(identityViolation(['input', 'token'], IdentityErrorCode.INVITATION_USED));
      if (invitation.expiresAt.getTime() <= tx.clock.now().getTime())
        return refuse(identityViolation(['input', 'token'], IdentityErrorCode.INVITATION_EXPIRED));
      const problem = passwordProblem(input.password, this.commonPasswords());
      if (problem) return refuse(identityViolation(['input', 'password'], problem));
      // Claim the invitation first: of two concurrent uses, only one updates the row.
      const claimed = await tx.em.nativeUpdate(Invitation, { id: invitation.id, acceptedAt: null }, { acceptedAt: tx.clock.now() });
      if (claimed !== 1) return refuse(identityViolation(['input', 'token'], IdentityErrorCode.INVITATION_USED));
      const person =
        (await tx.em.findOne(Person, { email: invitation.email })) ?? tx.em.create(Person, { email: invitation.email, fullName: invitation.fullName });
      const membership = await tx.em.findOne(Membership, { person, organization: invitation.organization, role: invitation.role });
      if (!membership) tx.em.create(Membership, { person, organization: invitation.organization, role: invitation.role });
      const passwordHash = await hashPassword(input.password);
      const account = await tx.em.findOne(LocalAccount, { person });
      if (account) account.passwordHash = passwordHash;
      else tx.em.create(LocalAccount, { person, passwordHash });
      await tx.em.flush();
      tx.log.info({ invitationId: invitation.id, personId: person.id }, 'invitation accepted');
      return succeed(person);
    });
  }

  /**
   * Turns the TOTP second factor on for a signed-in person: `secret` (from `newTotpSecret`, shown
   * to the person as an otpauth URI) is stored only when `code` proves their app has it.
   */
  async enableTotp(ctx: RequestContext, personId: string, secret: string, code: string): Promise<Outcome<LocalAccount, IdentityErrorCode>> {
    const account = await ctx.em.findOne(LocalAccount, { person: personId });
    if (!account) return refuse(identityViolation(['input'], IdentityErrorCode.SESSION_NOT_FOUND));
    if (!/^[A-Z2-7]{32}$/.test(secret) || !verifyTotp(secret, code, ctx.clock.now()))
      return refuse(identityViolation(['input', 'code'], IdentityErrorCode.TOTP_INVALID));
    account.totpSecret = secret;
    await ctx.em.flush();
    // Enrolled: sessions that could only enrol become full sessions.
    await ctx.em.nativeUpdate(AuthSession, { person: personId, enrolmentOnly: true }, { enrolmentOnly: false });
    ctx.log.info({ personId }, 'second factor enabled');
    return succeed(account);
  }

  /** Sets a local password for a person directly (seed and CLI only; a system context). */
  async setPassword(ctx: RequestContext, person: Person, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    const account = await ctx.em.findOne(LocalAccount, { person });
    if (account) account.passwordHash = passwordHash;
    else ctx.em.create(LocalAccount, { person, passwordHash });
    await ctx.em.flush();
  }

  /**
   * Development only (the caller checks `demoAccountsOn`): gives every person of
   * `fixtures/people.yaml` a local account with `password`, unless they already have one (so a
   * password changed since is kept, and a second start writes nothing). Returns the demo sign-ins.
   * System context; the people and memberships are seeded before this runs.
   */
  async seedDemoAccounts(ctx: RequestContext, fixturesDir: string, password: string): Promise<DemoAccount[]> {
    const { people } = readFixtureFile<{ people: { email: string }[] }>(path.join(fixturesDir, 'people.yaml'), 'people.schema.json');
    const emails = people.map((p) => p.email.toLowerCase());
    const persons = await ctx.em.find(Person, { email: { $in: emails } }, { populate: ['memberships.organization'] });
    const withAccount = new Set((await ctx.em.find(LocalAccount, { person: { $in: persons } })).map((a) => a.person.id));
    const missing = persons.filter((p) => !withAccount.has(p.id));
    // Each account its own salt; scrypt runs on libuv's pool, so a few hash at once.
    const hashes = await Promise.all(missing.map(() => hashPassword(password)));
    missing.forEach((person, i) => ctx.em.create(LocalAccount, { person, passwordHash: hashes[i] }));
    await ctx.em.flush();
    if (missing.length) ctx.log.info({ accounts: missing.length }, 'demo accounts created');
    const byEmail = new Map(persons.map((p) => [p.email, p]));
    return emails.flatMap((email) => {
      const person = byEmail.get(email);
      if (!person) return [];
      return [
        {
          email,
          fullName: person.fullName,
          memberships: person.memberships.getItems().map((m) => ({
            bin: m.organization.bin,
            organization: m.organization.shortName ?? m.organization.name.en,
            role: m.role,
          })),
        },
      ];
    });
  }

  /**
   * Checks an e-mail and password and opens a session on one of the person's memberships (the
   * one asked for, else the oldest). An unknown e-mail, a person without a password and a wrong
   * password all get the same SIGN_IN_FAILED, after the same scrypt work. Rate limits are taken
   * by the caller (the route) before this runs. System context.
   */
  async signIn(
    ctx: RequestContext,
    input: { email: string; password: string; totp?: string; membershipId?: string; userAgent?: string },
  ): Promise<Outcome<StartedSession, IdentityErrorCode>> {
    const failed = () => refuse(identityViolation(['input'], IdentityErrorCode.SIGN_IN_FAILED));
    const email = normalEmail(input.email);
    const account = email ? await ctx.em.findOne(LocalAccount, { person: { email } }, { populate: ['person'] }) : null;
    const matches = await verifyPassword(input.password.slice(0, 1024), account?.passwordHash ?? (await dummyPasswordHash()));
    if (!account || !matches) return failed();
    // The second factor is asked only after the password matched, so its codes say nothing about unknown e-mails.
    if (account.totpSecret) {
      if (!input.totp) return refuse(identityViolation(['input', 'totp'], IdentityErrorCode.TOTP_REQUIRED));
      if (!verifyTotp(account.totpSecret, input.totp, ctx.clock.now())) return refuse(identityViolation(['input', 'totp'], IdentityErrorCode.TOTP_INVALID));
    }
    return this.openSession(ctx, account.person, 'password', input);
  }

  /**
   * Signs in a person whom their organisation's OpenID Connect provider vouched for: the
   * provider's e-mail must be verified, and must be that of a person with a membership of this
   * organisation, or of a live invitation to it (then used: the person and membership are made
   * as when a password is set). Never creates anyone otherwise; nothing is written on a refusal.
   * System context.
   */
  async signInWithOidc(
    ctx: RequestContext,
    organizationBin: string,
    identity: { email?: string; emailVerified: boolean },
    input: { userAgent?: string },
  ): Promise<Outcome<StartedSession, IdentityErrorCode>> {
    if (!identity.emailVerified) return refuse(identityViolation(['email'], IdentityErrorCode.OIDC_EMAIL_NOT_VERIFIED));
    const email = normalEmail(identity.email ?? '');
    if (!email) return refuse(identityViolation(['email'], IdentityErrorCode.OIDC_EMAIL_NOT_VERIFIED));
    return runMutation(ctx, async (tx) => {
      const organization = await tx.em.findOne(Organization, { bin: organizationBin });
      if (!organization) return refuse(identityViolation(['organization'], IdentityErrorCode.OIDC_NOT_CONFIGURED));
      let person = await tx.em.findOne(Person, { email });
      let membership = person ? await tx.em.findOne(Membership, { person, organization }, { orderBy: { createdAt: 'asc', id: 'asc' } }) : null;
      if (!membership) {
        const invitation = await tx.em.findOne(
          Invitation,
          { organization, email, acceptedAt: null, expiresAt: { $gt: tx.clock.now() } },
          { orderBy: { createdAt: 'desc' } },
        );
        if (!invitation) return refuse(identityViolation(['email'], IdentityErrorCode.OIDC_UNKNOWN_PERSON));
        const claimed = await tx.em.nativeUpdate(Invitation, { id: invitation.id, acceptedAt: null }, { acceptedAt: tx.clock.now() });
        if (claimed !== 1) return refuse(identityViolation(['email'], IdentityErrorCode.OIDC_UNKNOWN_PERSON));
        person ??= tx.em.create(Person, { email, fullName: invitation.fullName });
        membership = tx.em.create(Membership, { person, organization, role: invitation.role });
        await tx.em.flush();
        tx.log.info({ invitationId: invitation.id, personId: person.id }, 'invitation accepted through single sign-on');
      }
      return this.openSession(tx, person!, 'oidc', { membershipId: membership.id, userAgent: input.userAgent });
    });
  }

  /**
   * Whether acting through `membership` needs a second factor the person has not enrolled: its
   * organisation's policy lists the membership's role and the person has no TOTP secret.
   */
  async mustEnrolSecondFactor(ctx: RequestContext, person: Person | string, membership: Membership): Promise<boolean> {
    const policy = await ctx.em.findOne(SecondFactorPolicy, { organization: membership.organization }, { filters: false });
    if (!policy?.roles.includes(membership.role)) return false;
    const account = await ctx.em.findOne(LocalAccount, { person }, { filters: false });
    return !account?.totpSecret;
  }

  /**
   * Sets which membership roles of an organisation need a second factor (its ADMIN, or the
   * coordinator for its region). Sessions opened from then on follow it; people already signed
   * in keep their session until it ends or they switch membership.
   */
  async setSecondFactorPolicy(
    ctx: RequestContext,
    input: { organizationId: string; roles: PersonRole[] },
  ): Promise<Outcome<SecondFactorPolicy, IdentityErrorCode>> {
    requireRole(ctx, ['ADMIN']);
    return runMutation(ctx, async (tx) => {
      const organization = await tx.em.findOne(Organization, { id: input.organizationId });
      if (!organization) return refuse(identityViolation(['input', 'organizationId'], IdentityErrorCode.ORGANIZATION_NOT_FOUND));
      if (!mayAdminister(tx, organization)) return refuse(identityViolation(['input', 'organizationId'], IdentityErrorCode.NOT_YOUR_ORGANIZATION));
      const caller = callerOf(tx);
      const setBy = caller ? actorOf(caller) : 'cli';
      const roles = [...new Set(input.roles)].sort();
      const policy = await tx.em.findOne(SecondFactorPolicy, { organization });
      const saved = policy ? Object.assign(policy, { roles, setBy }) : tx.em.create(SecondFactorPolicy, { organization, roles, setBy });
      await tx.em.flush();
      tx.log.info({ organizationId: organization.id, roles }, 'second-factor policy set');
      return succeed(saved);
    });
  }

  /** The second-factor policy of an organisation the caller may see (undefined: none set). */
  async secondFactorPolicy(ctx: RequestContext, organizationId: string): Promise<SecondFactorPolicy | null> {
    return ctx.em.findOne(SecondFactorPolicy, { organization: organizationId });
  }

  /** Opens a session for a person already authenticated (password, or OIDC). */
  async openSession(
    ctx: RequestContext,
    person: Person,
    method: AuthSession['method'],
    input: { membershipId?: string; userAgent?: string },
  ): Promise<Outcome<StartedSession, IdentityErrorCode>> {
    const memberships = await ctx.em.find(Membership, { person }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    const inactive = await inactiveAmong(
      ctx.em,
      memberships.map((m) => m.organization.id),
    );
    // Without a choice, the first membership of an active organisation; a deactivated one is refused by name.
    const membership = input.membershipId ? memberships.find((m) => m.id === input.membershipId) : memberships.find((m) => !inactive.has(m.organization.id));
    if (!membership && !input.membershipId && memberships.length > 0)
      return refuse(identityViolation(['input', 'membershipId'], IdentityErrorCode.ORGANIZATION_INACTIVE));
    if (!membership) return refuse(identityViolation(['input', 'membershipId'], IdentityErrorCode.MEMBERSHIP_NOT_FOUND));
    if (inactive.has(membership.organization.id)) return refuse(identityViolation(['input', 'membershipId'], IdentityErrorCode.ORGANIZATION_INACTIVE));
    const token = newToken('dhs');
    const session = ctx.em.create(AuthSession, {
      person,
      membership,
      tokenHash: tokenHash(token),
      expiresAt: new Date(ctx.clock.now().getTime() + SESSION_TTL_MS),
      userAgent: input.userAgent?.slice(0, 300),
      method,
      enrolmentOnly: await this.mustEnrolSecondFactor(ctx, person, membership),
    });
    await ctx.em.flush();
    ctx.log.info({ personId: person.id, sessionId: session.id, method }, 'signed in');
    return succeed({ session, token });
  }

  /**
   * The caller behind a session token, or undefined for anything that is not a live session:
   * one indexed statement (token hash → session → membership → organisation), like a key's. A
   * live session acting for a deactivated organisation throws UNAUTHENTICATED with reason
   * ORGANIZATION_INACTIVE.
   */
  async authenticate(em: EntityManager, token: string, now: Date, options: { enrolment?: boolean } = {}): Promise<Caller | undefined> {
    if (!/^dhs_[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    const row = (await em.getConnection().execute(
      `select s.id, s.person_id, s.enrolment_only, m.role, o.id as organization_id, o.kind, o.region, o.active
         from auth_session s join membership m on m.id = s.membership_id join organization o on o.id = m.organization_id
        where s.token_hash = ? and s.revoked_at is null and s.expires_at > ?`,
      [tokenHash(token), now],
      'get',
    )) as SessionAuthRow | undefined;
    // An enrolment-only session is no caller for GraphQL; only the enrolment routes ask with `enrolment`.
    if (!row || (row.enrolment_only && !options.enrolment)) return undefined;
    if (!row.active)
      throw new UnauthenticatedError(
        'The organisation of this session has been deactivated; sign in again with a membership of an active organisation',
        ORGANIZATION_INACTIVE,
      );
    return {
      personId: row.person_id,
      sessionId: row.id,
      organizationId: row.organization_id,
      organizationKind: row.kind,
      region: row.region,
      role: callerRoleOf(row.role),
    };
  }

  /** Of the given session ids, those still live and acting for an active organisation (the socket sweep asks this once a period). */
  async liveSessionIds(em: EntityManager, ids: readonly string[], now: Date): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = (await em.getConnection().execute(
      `select s.id from auth_session s join membership m on m.id = s.membership_id join organization o on o.id = m.organization_id
          where s.id in (?) and s.revoked_at is null and s.expires_at > ? and o.active`,
      [ids, now],
      'all',
    )) as { id: string }[];
    return new Set(rows.map((r) => r.id));
  }

  /** A person's sessions, newest first (system context; the route passes the signed-in person). */
  listSessions(ctx: RequestContext, personId: string): Promise<AuthSession[]> {
    return ctx.em.find(AuthSession, { person: personId }, { orderBy: { createdAt: 'desc' }, populate: ['membership'] });
  }

  /** Revokes one of a person's sessions; it stops working on the next request and on open sockets. */
  async revokeSession(ctx: RequestContext, personId: string, sessionId: string): Promise<Outcome<AuthSession, IdentityErrorCode>> {
    const session = UUID.test(sessionId) ? await ctx.em.findOne(AuthSession, { id: sessionId, person: personId }) : null;
    if (!session) return refuse(identityViolation(['sessionId'], IdentityErrorCode.SESSION_NOT_FOUND));
    session.revokedAt ??= ctx.clock.now();
    await ctx.em.flush();
    ctx.log.info({ personId, sessionId }, 'session revoked');
    return succeed(session);
  }

  /** Switches a session to another of the person's memberships (organisation + role). */
  async chooseMembership(ctx: RequestContext, personId: string, sessionId: string, membershipId: string): Promise<Outcome<AuthSession, IdentityErrorCode>> {
    const session = await ctx.em.findOne(AuthSession, { id: sessionId, person: personId, revokedAt: null });
    if (!session) return refuse(identityViolation(['sessionId'], IdentityErrorCode.SESSION_NOT_FOUND));
    const membership = UUID.test(membershipId) ? await ctx.em.findOne(Membership, { id: membershipId, person: personId }) : null;
    if (!membership) return refuse(identityViolation(['membershipId'], IdentityErrorCode.MEMBERSHIP_NOT_FOUND));
    if ((await inactiveAmong(ctx.em, [membership.organization.id])).size > 0)
      return refuse(identityViolation(['membershipId'], IdentityErrorCode.ORGANIZATION_INACTIVE));
    session.membership = membership;
    session.enrolmentOnly = await this.mustEnrolSecondFactor(ctx, personId, membership);
    await ctx.em.flush();
    return succeed(session);
  }

  /**
   * The signed-in caller's own person, memberships and active one (undefined for an API key).
   * Reads past the scope filter on purpose, and only rows of the caller's own person: a person
   * may always see their own memberships, in whichever organisation.
   */
  async viewerOf(ctx: RequestContext) {
    const caller = callerOf(ctx);
    if (!caller?.personId || !caller.sessionId) return undefined;
    const key = `viewer:${caller.sessionId}`;
    const cache = ctx as RequestContext & { [VIEWER]?: Map<string, Promise<unknown>> };
    const memo = (cache[VIEWER] ??= new Map());
    if (!memo.has(key)) memo.set(key, this.whoIs(ctx, caller.personId, caller.sessionId, { filters: false }));
    return memo.get(key) as ReturnType<IdentityService['whoIs']>;
  }

  /** The person, their memberships and the active one, for a session (system context). */
  async whoIs(ctx: RequestContext, personId: string, sessionId: string, read: { filters?: false } = {}) {
    const session = await ctx.em.findOneOrFail(AuthSession, { id: sessionId, person: personId }, read);
    const person = await ctx.em.findOneOrFail(Person, { id: personId }, read);
    const memberships = await ctx.em.find(Membership, { person: personId }, { ...read, populate: ['organization'], orderBy: { createdAt: 'asc', id: 'asc' } });
    return { person, memberships, activeMembershipId: session.membership.id, enrolmentOnly: session.enrolmentOnly };
  }
}
