import { OrganizationKind } from '../organizations';
import { defineModule } from '../module';
import { AgreementSignature } from './agreement-signature.entity';
import { Agreement, AgreementParty, AgreementStatus } from './agreement.entity';
import { AgreementResolver, AgreementSignatureResolver } from './agreement.resolver';
import { seedAgreements } from './agreement.seed';
import { toAgreementNode } from './agreement.types';

/** Agreements between HEIs, employers and students, and their signatures. */
export const agreementsModule = defineModule({
  name: 'agreements',
  entities: [Agreement, AgreementSignature],
  resolvers: (s) => [new AgreementResolver(s.agreements, s.audit), new AgreementSignatureResolver()],
  nodeTypes: { Agreement: { entity: Agreement, toNode: toAgreementNode } },
  personVisibility: [
    // An employer sees the students named in its tripartite agreements.
    (knex, caller) =>
      caller.kind === OrganizationKind.EMPLOYER
        ? knex('agreement').select('student_id').where('employer_id', caller.organizationId).whereNotNull('student_id')
        : undefined,
  ],
  workplaceVisibility: [
    // An HEI sees the workplaces of the employers that are bound to it by an agreement: one the
    // employer has signed and that is not terminated. A draft the HEI made alone grants nothing.
    (knex, caller) =>
      caller.kind === OrganizationKind.HEI
        ? knex('workplace as w')
            .select('w.id')
            .join('agreement as a', 'a.employer_id', 'w.employer_id')
            .join('agreement_signature as s', (on) => on.on('s.agreement_id', 'a.id').andOnVal('s.party', '=', AgreementParty.EMPLOYER))
            .where('a.hei_id', caller.organizationId)
            .whereNot('a.status', AgreementStatus.TERMINATED)
        : undefined,
  ],
  seeders: [seedAgreements],
});
