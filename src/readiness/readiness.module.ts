import { defineModule } from '../module';
import { clearanceGate } from './clearance.gate';
import { credentialRoutes } from './credential.routes';
import { IssuedCredentialResolver, ReadinessCredentialResolver } from './credential.resolver';
import { toReadinessCredentialNode } from './credential.types';
import { ReadinessCredential } from './readiness-credential.entity';
import { CLEARANCE_CHANGED, READINESS_RECORDED, READINESS_REVOKED } from './readiness.events';
import { ReadinessPass } from './readiness-pass.entity';
import { ReadinessPolicy } from './readiness-policy.entity';
import { ReadinessRecord } from './readiness-record.entity';
import {
  ClearanceCategoryResolver,
  ClearanceResolver,
  PlacementClearanceResolver,
  ReadinessPolicyResolver,
  ReadinessRecordResolver,
} from './readiness.resolver';
import { seedReadinessPolicies } from './readiness.seed';
import { toReadinessPolicyNode, toReadinessRecordNode } from './readiness.types';
import { SigningKey } from './signing-key.entity';
import { createContext } from '../db/context';

/** Simulator readiness, clearance of students for hazardous workplaces, verifiable credentials. */
export const readinessModule = defineModule({
  name: 'readiness',
  domainEvents: [
    {
      type: READINESS_RECORDED,
      subject: 'ReadinessRecord',
      description:
        'A student earned readiness in a hazard category (from a passed lab session or manually); data: kind, hazardCategoryCode, studentId, earnedAt, validUntil.',
    },
    {
      type: READINESS_REVOKED,
      subject: 'ReadinessRecord',
      description: "A student's readiness in a hazard category was revoked; data: hazardCategoryCode, studentId, earnedAt (when), reason.",
    },
    {
      type: CLEARANCE_CHANGED,
      subject: 'Placement',
      description:
        "The clearance of an open placement (its student for its workplace, now) changed because the student's readiness was recorded or revoked; data: code, studentId, workplaceId, fromStatus, toStatus (CLEARED or NOT_CLEARED), missingHazardCategoryCodes, validUntil. Expiry with time sends nothing: read clearanceExpiresAt.",
    },
  ],
  entities: [ReadinessPolicy, ReadinessRecord, ReadinessPass, SigningKey, ReadinessCredential],
  resolvers: (s) => [
    new ReadinessPolicyResolver(s.readinessPolicies),
    new ReadinessRecordResolver(s.readiness),
    new ClearanceResolver(s.clearances),
    new ClearanceCategoryResolver(s.readinessPolicies, s.clearances),
    new PlacementClearanceResolver(s.clearances),
    new ReadinessCredentialResolver(s.credentials),
    new IssuedCredentialResolver(),
  ],
  nodeTypes: {
    ReadinessRecord: { entity: ReadinessRecord, toNode: toReadinessRecordNode },
    ReadinessPolicy: { entity: ReadinessPolicy, toNode: toReadinessPolicyNode },
    ReadinessCredential: { entity: ReadinessCredential, toNode: toReadinessCredentialNode },
  },
  // A placement cannot become ACTIVE at a hazardous workplace without clearance on its start date.
  activationGates: (s) => [clearanceGate(s.clearances)],
  // Readiness is recorded by the lab's PASSED verdict itself, in the verdict's transaction: no person types it.
  onSessionPassed: (s) => [
    async (ctx, event) => {
      await s.readiness.recordFromSession(ctx, event);
    },
  ],
  // The one key-less route: public credential verification and issuers' keys.
  routes: (s, deps) => ({ '/credentials': credentialRoutes({ ...deps, credentials: s.credentials, signingKeys: s.signingKeys }) }),
  seeders: [seedReadinessPolicies],
  // The start-up step of sealed signing keys: keys stored in plaintext by an older version are sealed now.
  workers: async (s, { orm, log }) => {
    await s.signingKeys.sealPlaintextKeys(createContext({ orm, caller: 'system', log }));
    return async () => undefined;
  },
});
