/**
 * Simulator readiness and clearance: readiness records (earned automatically from passed lab
 * sessions, manual, revoked), versioned readiness policies, clearance of a student for a
 * workplace, the placement activation gate, and verifiable credentials.
 */
export { ReadinessRecord, ReadinessKind, type ReadinessEvidence } from './readiness-record.entity';
export { ReadinessPolicy, ReadinessMode, type RefresherRule } from './readiness-policy.entity';
export { ReadinessPass } from './readiness-pass.entity';
export { ReadinessCredential } from './readiness-credential.entity';
export { SigningKey, SigningKeyStatus } from './signing-key.entity';
export { ReadinessErrorCode } from './readiness.errors';
export { CoverageStatus } from './readiness.rules';
export { ReadinessService, type ManualReadinessCommand, type RevokeReadinessCommand } from './readiness.service';
export { ReadinessPolicyService, type PolicyChange } from './readiness-policy.service';
export { ClearanceService, ClearanceStatus, MAX_CLEARANCE_CHECKS, COVERAGE_SQL, coverageParams, type Clearance, type CategoryCoverage, type ClearanceCheck } from './clearance.service';
export { credentialQrCode, QR_CAPACITY, CredentialService, VerificationCheck, VerificationFailure, extractJws, type CredentialVerification, type IssuedCredential } from './credential.service';
export { SigningKeyService, issuerIdOf } from './signing-key.service';
export { credentialRoutes, type CredentialRoutesOptions } from './credential.routes';
export { clearanceGate } from './clearance.gate';
export { seedReadinessPolicies } from './readiness.seed';

import { registerNodeType } from '../graphql/node';
import { onSessionPassed } from '../lab';
import { registerActivationGate } from '../placements';
import { clearanceGate } from './clearance.gate';
import { IssuedCredentialResolver, ReadinessCredentialResolver } from './credential.resolver';
import { toReadinessCredentialNode } from './credential.types';
import { ReadinessCredential } from './readiness-credential.entity';
import { ReadinessPass } from './readiness-pass.entity';
import { ReadinessPolicy } from './readiness-policy.entity';
import { ReadinessRecord } from './readiness-record.entity';
import { ClearanceCategoryResolver, ClearanceResolver, PlacementClearanceResolver, ReadinessPolicyResolver, ReadinessRecordResolver } from './readiness.resolver';
import { ReadinessService } from './readiness.service';
import { toReadinessPolicyNode, toReadinessRecordNode } from './readiness.types';
import { SigningKey } from './signing-key.entity';

/** Entities of the readiness context, for the ORM. */
export const readinessEntities = [ReadinessPolicy, ReadinessRecord, ReadinessPass, SigningKey, ReadinessCredential];

registerNodeType('ReadinessRecord', { entity: ReadinessRecord, toNode: toReadinessRecordNode });
registerNodeType('ReadinessPolicy', { entity: ReadinessPolicy, toNode: toReadinessPolicyNode });
registerNodeType('ReadinessCredential', { entity: ReadinessCredential, toNode: toReadinessCredentialNode });

// Readiness is recorded by the lab's PASSED verdict itself, in the verdict's transaction: no person types it.
const readiness = new ReadinessService();
onSessionPassed(async (ctx, event) => {
  await readiness.recordFromSession(ctx, event);
});

// A placement cannot become ACTIVE at a hazardous workplace without clearance on its start date.
registerActivationGate(clearanceGate);

/** GraphQL resolvers of the readiness context. */
export const readinessResolvers = [
  ReadinessPolicyResolver, ReadinessRecordResolver, ClearanceResolver, ClearanceCategoryResolver, PlacementClearanceResolver, ReadinessCredentialResolver, IssuedCredentialResolver,
] as const;
