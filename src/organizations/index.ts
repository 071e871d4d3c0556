export { Organization, OrganizationKind, HeiType } from './organization.entity';
export { Person } from './person.entity';
export { Membership, PersonRole } from './membership.entity';
export { ApiKey, ApiKeyRole } from './api-key.entity';
export { addPersonVisibilityRule, type PersonVisibilityRule } from './person.scope';

import { ApiKey } from './api-key.entity';
import { Membership } from './membership.entity';
import { Organization } from './organization.entity';
import { Person } from './person.entity';

/** Entities of the organizations context, for the ORM. */
export const organizationEntities = [Organization, Person, Membership, ApiKey];

import { registerNodeType } from '../graphql/node';
import { toApiKeyNode, toOrganizationNode, toPersonNode } from './organization.types';
import { ApiKeyResolver, MembershipResolver, OrganizationResolver, PersonResolver, ViewerResolver } from './organization.resolver';

registerNodeType('Organization', { entity: Organization, toNode: toOrganizationNode });
registerNodeType('Person', { entity: Person, toNode: toPersonNode });
registerNodeType('ApiKey', { entity: ApiKey, toNode: toApiKeyNode });

/** GraphQL resolvers of the organizations context. */
export const organizationResolvers = [OrganizationResolver, PersonResolver, MembershipResolver, ViewerResolver, ApiKeyResolver] as const;

export { OrganizationNode, PersonNode, toOrganizationNode, toPersonNode } from './organization.types';
export { loadOrganization, loadPerson } from './organization.resolver';
export { ApiKeyService } from './api-key.service';
export { OrganizationService } from './organization.service';
