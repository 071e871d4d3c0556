import { defineModule } from '../module';
import { API_KEYS_FORGOTTEN_CHANNEL, type ForgottenKeys } from './api-key.cache';
import { ApiKey } from './api-key.entity';
import { Membership } from './membership.entity';
import { seedOrganizations } from './organization.seed';
import { Organization } from './organization.entity';
import { Person } from './person.entity';
import { CoordinatorDesignation } from './coordinator-designation.entity';
import { IndustrySection } from './industry-section.entity';
import { ApiKeyResolver, MembershipResolver, OrganizationResolver, PersonResolver, ViewerResolver } from './organization.resolver';
import { toApiKeyNode, toCoordinatorDesignationNode, toOrganizationNode, toPersonNode } from './organization.types';

/** Organisations, their people and memberships, API keys. */
export const organizationsModule = defineModule({
  name: 'organizations',
  entities: [Organization, Person, Membership, ApiKey, IndustrySection, CoordinatorDesignation],
  resolvers: (s) => [
    new OrganizationResolver(s.organizations, s.apiKeys),
    new PersonResolver(s.organizations),
    new MembershipResolver(),
    new ViewerResolver(),
    new ApiKeyResolver(),
  ],
  nodeTypes: {
    Organization: { entity: Organization, toNode: toOrganizationNode },
    Person: { entity: Person, toNode: toPersonNode },
    ApiKey: { entity: ApiKey, toNode: toApiKeyNode },
    CoordinatorDesignation: { entity: CoordinatorDesignation, toNode: toCoordinatorDesignationNode },
  },
  seeders: [seedOrganizations],
  // Revocations and deactivations NOTIFY in their transaction: every process forgets those keys at once.
  relayChannels: (s) => [
    {
      channel: API_KEYS_FORGOTTEN_CHANNEL,
      deliver: async (payload) => s.apiKeys.cache.apply(JSON.parse(String(payload)) as ForgottenKeys),
      resumed: async () => s.apiKeys.cache.clear(),
    },
  ],
});
