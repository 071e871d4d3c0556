export { Agreement, AgreementKind, AgreementParty, AgreementStatus } from './agreement.entity';
export { AgreementSignature } from './agreement-signature.entity';
export { AgreementService, AgreementErrorCode } from './agreement.service';
export { missingParties, periodWithin, requiredParties } from './agreement.rules';
export { AgreementNode, toAgreementNode, DATE_PATTERN } from './agreement.types';
export { seedAgreements } from './agreement.seed';

import { registerNodeType } from '../graphql/node';
import { addPersonVisibilityRule, OrganizationKind } from '../organizations';
import { addWorkplaceVisibilityRule } from '../workplaces';
import { AgreementSignature } from './agreement-signature.entity';
import { Agreement } from './agreement.entity';
import { AgreementResolver, AgreementSignatureResolver } from './agreement.resolver';
import { toAgreementNode } from './agreement.types';

/** Entities of the agreements context, for the ORM. */
export const agreementEntities = [Agreement, AgreementSignature];

registerNodeType('Agreement', { entity: Agreement, toNode: toAgreementNode });

// An employer sees the students named in its tripartite agreements.
addPersonVisibilityRule((knex, caller) =>
  caller.kind === OrganizationKind.EMPLOYER
    ? knex('agreement').select('student_id').where('employer_id', caller.organizationId).whereNotNull('student_id')
    : undefined,
);

// An HEI sees the workplaces of the employers it has an agreement with.
addWorkplaceVisibilityRule((knex, caller) =>
  caller.kind === OrganizationKind.HEI
    ? knex('workplace as w').select('w.id').join('agreement as a', 'a.employer_id', 'w.employer_id').where('a.hei_id', caller.organizationId)
    : undefined,
);

/** GraphQL resolvers of the agreements context. */
export const agreementResolvers = [AgreementResolver, AgreementSignatureResolver] as const;
