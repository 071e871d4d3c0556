/**
 * `jose` ships ES modules only. Node 20.19+ loads them with `require()` (and jest transpiles
 * them), so the readiness context reaches it through this one typed `require`.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- ES module only: required, typed as its import
export const jose = require('jose') as typeof import('jose', { with: { 'resolution-mode': 'import' } });

/** A key object jose signs or verifies with. */
export type JoseKey = Awaited<ReturnType<typeof jose.importJWK>>;
