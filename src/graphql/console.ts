import fs from 'node:fs';
import path from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import { PROJECT_ROOT } from '../shared/project-root';

/** Where `npm run console:build` (Vite, `web/vite.config.mts`) writes the built web console. */
export const CONSOLE_DIR = path.join(PROJECT_ROOT, 'web', 'dist');

/**
 * The Content-Security-Policy of every page the API serves: scripts, styles, fonts and
 * connections only from this origin (`connect-src 'self'` covers the same-origin graphql-ws
 * socket), no inline script, no plug-ins, not framed. Images may also be `data:`/`blob:`
 * (QR codes drawn in the page).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** What {@link consoleRoutes} needs. */
export interface ConsoleRoutesOptions {
  /** Serve the self-hosted GraphiQL at GET /graphql to browsers (default: outside production). */
  graphiql: boolean;
  /** The built console; default {@link CONSOLE_DIR}. */
  dir?: string;
}

function securityHeaders(res: Response): void {
  res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('x-frame-options', 'DENY');
}

/** A browser asking for a page (not a GraphQL client asking for JSON). */
function wantsHtml(req: Request): boolean {
  return req.accepts(['application/graphql-response+json', 'application/json', 'text/html']) === 'text/html';
}

/**
 * The web console at `/` and its hashed assets at `/assets/*`, and GraphiQL for browsers at
 * GET /graphql (Accept: text/html, no `query` parameter), all from the Vite build in `web/dist`.
 * Hashed assets are immutable for a year; the HTML pages are `no-cache` (revalidated every
 * time, so a new build is picked up at once); scripts and styles are sent gzip-compressed when
 * accepted. Without a build, `/` answers 503 saying how to make one.
 */
export function consoleRoutes(options: ConsoleRoutesOptions): Router {
  const dir = options.dir ?? CONSOLE_DIR;
  const router = express.Router();
  const page = (file: string) => (req: Request, res: Response) => {
    const full = path.join(dir, file);
    if (!fs.existsSync(full)) {
      res.status(503).json({
        errors: [{ message: 'The web console is not built: run `npm run console:build` (npm start does it)', extensions: { code: 'CONSOLE_NOT_BUILT' } }],
      });
      return;
    }
    securityHeaders(res);
    res.setHeader('cache-control', 'no-cache');
    res.type('html').sendFile(full);
  };
  router.get('/', page('index.html'));
  router.get('/index.html', page('index.html'));
  // Scripts and stylesheets go out gzip-compressed when the browser accepts it (compressed once,
  // at build time, beside the file: `npm run console:build`).
  router.get('/assets/:file', (req, res, next) => {
    const file = req.params.file;
    if (!/^[\w.-]+\.(js|css)$/.test(file) || !req.acceptsEncodings('gzip')) return next();
    const compressed = path.join(dir, 'assets', `${file}.gz`);
    if (!fs.existsSync(compressed)) return next();
    securityHeaders(res);
    res.setHeader('cache-control', 'public, max-age=31536000, immutable');
    res.setHeader('content-encoding', 'gzip');
    res.setHeader('vary', 'accept-encoding');
    res.type(path.extname(file));
    res.sendFile(compressed);
  });
  router.use(
    '/assets',
    express.static(path.join(dir, 'assets'), {
      index: false,
      fallthrough: true,
      immutable: true,
      maxAge: '365d',
      setHeaders: (res) => {
        securityHeaders(res);
        res.setHeader('vary', 'accept-encoding');
      },
    }),
  );
  if (options.graphiql) {
    const graphiql = page('graphiql.html');
    router.get('/graphql', (req, res, next) => {
      if (req.query.query !== undefined || !wantsHtml(req)) return next();
      graphiql(req, res);
    });
  }
  return router;
}
