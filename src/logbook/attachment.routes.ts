import express, { type Request, type Router } from 'express';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { createContext } from '../db/context';
import type { VisibilityRules } from '../db/scope';
import { bearerToken } from '../graphql/server';
import type { Logger } from '../logger';
import { fromGlobalId, toGlobalId } from '../graphql/relay';
import type { Clock } from '../shared/clock';
import { CodedError, UnauthenticatedError } from '../shared/errors';
import { preferredLanguage } from '../shared/localized';
import type { Caller } from '../shared/request-context';
import { passesCsrfCheck, sessionTokenOf } from '../shared/session-cookie';
import type { LogbookAttachmentService } from './attachment.service';
import { LOGBOOK_MESSAGES, LogbookErrorCode } from './logbook.messages';

/** What {@link attachmentRoutes} needs. */
export interface AttachmentRoutesOptions {
  orm: MikroORM;
  log: Logger;
  clock: Clock;
  visibility: VisibilityRules;
  attachments: LogbookAttachmentService;
  /** The same authenticators `/graphql` uses: API keys and people's sessions. */
  apiKeys: { authenticate(em: EntityManager, token: string, now: Date): Promise<Caller | undefined> };
  sessions: { authenticate(em: EntityManager, token: string, now: Date): Promise<Caller | undefined> };
}

/**
 * Evidence files of logbook entries, mounted at `/logbook` beside `/graphql` (whose body limit of
 * 1 MiB a 10 MiB photo would break; base64 in GraphQL would also add a third):
 *
 * - `POST /logbook/entries/<entry global id>/attachments?fileName=photo.jpg` with the file as the
 *   raw body (any content type: the type is sniffed from the bytes) → 201 `{ attachment }`, or 413
 *   `ATTACHMENT_TOO_LARGE` / 415 `ATTACHMENT_TYPE_REFUSED` / 422 (other rules), nothing stored.
 *   The shape of GitHub's release-asset and S3's PUT uploads: one request, no multipart parser.
 * - `GET /logbook/attachments/<attachment global id>` → the bytes, scoped like the entry (404 if
 *   the caller may not see it).
 *
 * Authenticated like `/graphql` (bearer key, or session cookie with the CSRF header / JSON rule).
 */
export function attachmentRoutes(options: AttachmentRoutesOptions): Router {
  const router = express.Router();
  const contextOf = async (req: Request, requestId: string | undefined) => {
    const bearer = bearerToken(req.headers.authorization);
    const session = bearer ? undefined : sessionTokenOf(req.headers.cookie);
    if (!bearer && !session) throw new UnauthenticatedError();
    if (!bearer && req.method !== 'GET' && !passesCsrfCheck(req.method, req.headers)) {
      throw new CodedError('A request signed in with a session cookie must carry the x-dualhub-csrf header', 'CSRF_REJECTED', 403);
    }
    const em = options.orm.em.fork({ useContext: false }) as EntityManager;
    const now = options.clock.now();
    const caller = bearer ? await options.apiKeys.authenticate(em, bearer, now) : await options.sessions.authenticate(em, session!, now);
    if (!caller) throw new UnauthenticatedError('The API key or session is not valid');
    return createContext({
      orm: options.orm,
      caller,
      log: options.log,
      clock: options.clock,
      requestId,
      visibility: options.visibility,
      lang: preferredLanguage(req.headers['accept-language']),
    });
  };
  const fail = (res: express.Response, error: unknown, next: express.NextFunction) => {
    if (error instanceof CodedError) {
      const code = String(error.extensions.code);
      const status = (error.extensions.http as { status?: number } | undefined)?.status ?? (code === 'NOT_FOUND' ? 404 : code === 'BAD_USER_INPUT' ? 400 : 400);
      res.status(status).json({ errors: [{ message: error.message, extensions: { code } }] });
    } else next(error);
  };
  const tooLarge = (res: express.Response) => {
    const message = LOGBOOK_MESSAGES[LogbookErrorCode.ATTACHMENT_TOO_LARGE].en;
    res.status(413).json({
      errors: [{ message: `${message} (> ${options.attachments.maxBytes} B)`, extensions: { code: LogbookErrorCode.ATTACHMENT_TOO_LARGE, field: ['file'] } }],
    });
  };

  router.post(
    '/entries/:entryId/attachments',
    // Refuse by the declared length before reading a byte; the raw parser's limit catches a lying or chunked body.
    (req, res, next) => (Number(req.headers['content-length'] ?? 0) > options.attachments.maxBytes ? tooLarge(res) : next()),
    express.raw({ type: () => true, limit: options.attachments.maxBytes }),
    async (req, res, next) => {
      try {
        const ctx = await contextOf(req, res.locals.requestId as string | undefined);
        const entryId = fromGlobalId(String(req.params.entryId), 'LogbookEntry', 'entryId');
        const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const fileName = typeof req.query.fileName === 'string' ? req.query.fileName : undefined;
        const outcome = await options.attachments.attach(ctx, { entryId, bytes, fileName });
        if (outcome.ok) {
          const a = outcome.value;
          res.status(201).json({
            attachment: { id: toGlobalId('LogbookAttachment', a.id), fileName: a.fileName, mediaType: a.mediaType, sizeBytes: a.sizeBytes, sha256: a.sha256 },
          });
          return;
        }
        const first = outcome.violations[0]!;
        const status = first.code === LogbookErrorCode.ATTACHMENT_TOO_LARGE ? 413 : first.code === LogbookErrorCode.ATTACHMENT_TYPE_REFUSED ? 415 : 422;
        res.status(status).json({ errors: outcome.violations.map((v) => ({ message: v.message[ctx.lang], extensions: { code: v.code, field: v.field } })) });
      } catch (error) {
        fail(res, error, next);
      }
    },
  );
  router.get('/attachments/:attachmentId', async (req, res, next) => {
    try {
      const ctx = await contextOf(req, res.locals.requestId as string | undefined);
      const { attachment, bytes } = await options.attachments.download(ctx, fromGlobalId(String(req.params.attachmentId), 'LogbookAttachment', 'attachmentId'));
      res
        .status(200)
        .setHeader('content-type', attachment.mediaType)
        .setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`)
        .setHeader('x-content-type-options', 'nosniff')
        .setHeader('cache-control', 'private, no-store')
        .end(bytes);
    } catch (error) {
      fail(res, error, next);
    }
  });
  // The raw parser's own 413 (a body past the limit without a truthful content-length).
  router.use((error: unknown, _req: Request, res: express.Response, next: express.NextFunction) => {
    if ((error as { type?: string }).type === 'entity.too.large') tooLarge(res);
    else next(error);
  });
  return router;
}
