/**
 * Simulator readiness and clearance: readiness records (earned automatically from passed lab
 * sessions, manual, revoked), versioned readiness policies, clearance of a student for a
 * workplace, the placement activation gate, and verifiable credentials.
 */
export { ReadinessRecord, ReadinessKind, READINESS_RECORD_VISIBILITY, type ReadinessEvidence } from './readiness-record.entity';
export { ReadinessPolicy, ReadinessMode, type RefresherRule } from './readiness-policy.entity';
export { ReadinessPass } from './readiness-pass.entity';
export { ReadinessCredential } from './readiness-credential.entity';
export { SigningKey, SigningKeyStatus } from './signing-key.entity';
export { ReadinessErrorCode } from './readiness.messages';
export { CoverageStatus } from './readiness.rules';
export { clearedAtSql, inForceAtSql } from './readiness.sql';
export { ReadinessService, type ManualReadinessCommand, type RevokeReadinessCommand } from './readiness.service';
export { ReadinessPolicyService, type PolicyChange } from './readiness-policy.service';
export {
  ClearanceService,
  ClearanceStatus,
  MAX_CLEARANCE_CHECKS,
  COVERAGE_SQL,
  coverageParams,
  clearanceStatement,
  type Clearance,
  type CategoryCoverage,
  type ClearanceCheck,
} from './clearance.service';
export { clearanceProjection, COVERAGE_ONLY, FULL_PROJECTION, type ClearanceProjection } from './clearance.selection';
export {
  credentialQrCode,
  QR_CAPACITY,
  CredentialService,
  VerificationCheck,
  VerificationFailure,
  extractJws,
  credentialForms,
  type CredentialRegistry,
  type CredentialRegistryEntry,
  type CredentialVerification,
  type IssuedCredential,
} from './credential.service';
export { SigningKeyService, issuerIdOf } from './signing-key.service';
export { CREDENTIAL_CONTEXTS, openBadgePayload, type OpenBadgeContent } from './credential.document';
export { credentialRoutes, type CredentialRoutesOptions } from './credential.routes';
export { clearanceGate, CLEARANCE_GATE } from './clearance.gate';
export { seedReadinessPolicies } from './readiness.seed';

export { readinessModule } from './readiness.module';
