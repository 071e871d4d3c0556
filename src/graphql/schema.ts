import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { organizationResolvers } from '../organizations';
import { agreementResolvers } from '../agreements';
import { hazardResolvers } from '../hazards';
import { placementResolvers } from '../placements';
import { workplaceResolvers } from '../workplaces';
import { programResolvers } from '../programs';
import { labResolvers } from '../lab';
import { readinessResolvers } from '../readiness';
import { installCompiledReads } from '../db/read/install';
import { NodeResolver } from './node.resolver';
import { pubSub } from './pubsub';

/**
 * Every resolver of every context. A context adds its list here, once; the server and
 * `npm run schema` both build from this.
 */
const resolvers = [NodeResolver, ...organizationResolvers, ...hazardResolvers, ...workplaceResolvers, ...agreementResolvers, ...placementResolvers, ...programResolvers, ...labResolvers, ...readinessResolvers] as unknown as NonEmptyArray<Function>;

let cached: Promise<GraphQLSchema> | undefined;

/** Builds the GraphQL schema from the code (once per process). */
export function buildApiSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers,
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
    emitSchemaFile: false,
    pubSub,
  }).then(installCompiledReads);
  return cached;
}
