import express, { type Router } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createContext } from '../db/context';
import type { Logger } from '../logger';
import type { Clock } from '../shared/clock';
import type { CredentialService } from './credential.service';
import type { SigningKeyService } from './signing-key.service';

/** What {@link credentialRoutes} needs. */
export interface CredentialRoutesOptions {
  orm: MikroORM;
  log: Logger;
  clock: Clock;
  credentials: CredentialService;
  signingKeys: SigningKeyService;
}

/**
 * The one public (key-less) part of the API, mounted at `/credentials`:
 * `POST /credentials/verify` with the credential as the body (the EnvelopedVerifiableCredential
 * JSON, `{ "jwt": "…" }`, or the compact JWS as text/plain). Answers 200 with the verification
 * (`valid`, `failure`, every check) or 400 when the body is not a credential at all; and
 * `GET /credentials/issuers/<BIN>/jwks.json`, the issuer's public keys, so anyone can check the
 * signature with standard JOSE tools (revocation still needs the verify route).
 *
 * A separate route rather than a key-less GraphQL operation: `/graphql` keeps one rule (every
 * request has a key, checked before the document is even parsed), and an allow-list by operation
 * would have to parse and trust the document before authentication — a larger hole for one call.
 * The route runs on a system context but reads only public keys and the revocation registry, and
 * returns nothing that is not already in the credential it was given.
 */
export function credentialRoutes(options: CredentialRoutesOptions): Router {
  const router = express.Router();
  router.post(
    '/verify',
    express.json({ limit: '64kb' }),
    express.text({ type: ['text/plain', 'application/jwt', 'application/vc+jwt'], limit: '64kb' }),
    async (req, res, next) => {
      try {
        const ctx = createContext({
          orm: options.orm,
          caller: 'system',
          log: options.log,
          clock: options.clock,
          requestId: res.locals.requestId as string | undefined,
        });
        const result = await options.credentials.verify(ctx, req.body);
        res.status(result.checks[0]?.check === 'FORMAT' && !result.checks[0].ok ? 400 : 200).json(result);
      } catch (error) {
        next(error);
      }
    },
  );
  router.get('/issuers/:bin/jwks.json', async (req, res, next) => {
    try {
      const bin = String(req.params.bin);
      const ctx = createContext({ orm: options.orm, caller: 'system', log: options.log, clock: options.clock });
      const jwks = /^\d{12}$/.test(bin) ? await options.signingKeys.jwks(ctx, bin) : null;
      if (!jwks) res.status(404).json({ error: 'no such issuer' });
      else res.setHeader('cache-control', 'public, max-age=300').json(jwks);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
