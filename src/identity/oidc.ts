import * as client from 'openid-client';

/** One organisation's OpenID Connect provider, as configured (`OIDC_PROVIDERS`). */
export interface OidcProviderConfig {
  organization: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** What the browser carries between `/start` and `/callback` (sealed in a cookie). */
export interface PendingOidcLogin {
  organization: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  returnTo: string;
  expiresAt: number;
}

/** The verified identity the provider answered with. */
export interface OidcIdentity {
  subject: string;
  email?: string;
  emailVerified: boolean;
  name?: string;
}

/** Why a callback failed, before any person is looked at. */
export class OidcFailure extends Error {
  constructor(
    readonly reason: 'state' | 'nonce' | 'provider',
    message: string,
  ) {
    super(message);
    this.name = 'OidcFailure';
  }
}

/** The claim a failed JWT claim comparison names, looked up along the error's causes (openid-client wraps oauth4webapi's). */
function comparedClaim(error: unknown): string | undefined {
  for (let e = error as { cause?: unknown; claim?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.claim === 'string') return e.claim;
  }
  return undefined;
}

/**
 * The relying party of every configured organisation: authorization code flow with PKCE (S256),
 * state and nonce, through openid-client. A provider's metadata is discovered on first use and
 * kept, so the API starts even when a provider is down.
 */
export class OidcClients {
  private readonly byOrganization: Map<string, OidcProviderConfig>;
  private readonly discovered = new Map<string, Promise<client.Configuration>>();

  constructor(
    providers: readonly OidcProviderConfig[],
    private readonly httpHosts: readonly string[] = [],
  ) {
    this.byOrganization = new Map(providers.map((p) => [p.organization, p]));
  }

  has(organizationBin: string): boolean {
    return this.byOrganization.has(organizationBin);
  }

  private configuration(bin: string): Promise<client.Configuration> {
    const provider = this.byOrganization.get(bin)!;
    let found = this.discovered.get(bin);
    if (!found) {
      const issuer = new URL(provider.issuer);
      const insecure = issuer.protocol === 'http:' && this.httpHosts.includes(issuer.hostname);
      found = client.discovery(issuer, provider.clientId, provider.clientSecret, undefined, {
        timeout: 10,
        ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
      });
      // A failed discovery is tried again on the next sign-in.
      found.catch(() => this.discovered.delete(bin));
      this.discovered.set(bin, found);
    }
    return found;
  }

  /** The provider's authorization URL for a new sign-in, and what the browser must carry back. */
  async start(bin: string, redirectUri: string, returnTo: string, now: Date): Promise<{ url: URL; pending: PendingOidcLogin }> {
    const configuration = await this.configuration(bin);
    const codeVerifier = client.randomPKCECodeVerifier();
    const pending: PendingOidcLogin = {
      organization: bin,
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier,
      redirectUri,
      returnTo,
      expiresAt: now.getTime() + 10 * 60_000,
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url, pending };
  }

  /**
   * Checks the callback against the pending sign-in (state first, then the code exchange with
   * the PKCE verifier, the ID token's signature, issuer, audience and nonce) and returns the
   * identity. Throws {@link OidcFailure}.
   */
  async finish(pending: PendingOidcLogin, callbackUrl: URL): Promise<OidcIdentity> {
    if (callbackUrl.searchParams.get('state') !== pending.state) throw new OidcFailure('state', 'state does not match the pending sign-in');
    const error = callbackUrl.searchParams.get('error');
    if (error) throw new OidcFailure('provider', `the provider answered ${error.slice(0, 100)}`);
    const configuration = await this.configuration(pending.organization);
    let tokens;
    try {
      tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (failure) {
      const e = failure as { message?: string; code?: string };
      if (comparedClaim(failure) === 'nonce') throw new OidcFailure('nonce', 'the ID token nonce does not match');
      throw new OidcFailure('provider', `code exchange failed: ${e.code ?? ''} ${e.message ?? ''}`.trim().slice(0, 300));
    }
    const claims = tokens.claims();
    if (!claims) throw new OidcFailure('provider', 'no ID token');
    // Many providers put the e-mail only in the UserInfo answer (the ID token has just `sub`).
    let profile: Record<string, unknown> = claims;
    if (typeof claims.email !== 'string') {
      try {
        profile = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
      } catch (failure) {
        throw new OidcFailure('provider', `userinfo failed: ${(failure as Error).message}`.slice(0, 300));
      }
    }
    return {
      subject: claims.sub,
      email: typeof profile.email === 'string' ? profile.email : undefined,
      emailVerified: profile.email_verified === true,
      name: typeof profile.name === 'string' ? profile.name : undefined,
    };
  }
}
