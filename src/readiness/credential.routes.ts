import express, { type Router } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createContext } from '../db/context';
import type { Logger } from '../logger';
import type { Clock } from '../shared/clock';
import { CredentialService } from './credential.service';

/** What {@link credentialRoutes} needs. */
export interface CredentialRoutesOptions {
  orm: MikroORM;
  log: Logger;
  clock: Clock;
}

const credentials = new CredentialService();

/**
 * The one public (key-less) part of the API, mounted at `/credentials`:
 * `POST /credentials/verify` with the credential as the body (the EnvelopedVerifiableCredential
 * JSON, `{ "jwt": "…" }`, or the compact JWS as text/plain). Answers 200 with the verification
 * (`valid`, `failure`, every check) or 400 when the body is not a credential at all.
 *
 * A separate route rather than a key-less GraphQL operation: `/graphql` keeps one rule (every
 * request has a key, checked before the document is even parsed), and an allow-list by operation
 * would have to parse and trust the document before authentication — a larger hole for one call.
 * The route runs on a system context but reads only public keys and the revocation registry, and
 * returns nothing that is not already in the credential it was given.
 */
export function credentialRoutes(options: CredentialRoutesOptions): Router {
  const router = express.Router();
  router.post('/verify', express.json({ limit: '64kb' }), express.text({ type: ['text/plain', 'application/jwt', 'application/vc+jwt'], limit: '64kb' }), async (req, res, next) => {
    try {
      const ctx = createContext({ orm: options.orm, caller: 'system', log: options.log, clock: options.clock, requestId: res.locals.requestId as string | undefined });
      const result = await credentials.verify(ctx, req.body);
      res.status(result.checks[0]?.check === 'FORMAT' && !result.checks[0].ok ? 400 : 200).json(result);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
