import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { installCompiledReads } from '../db/read/install';
import type { EventBus } from './pubsub';

/**
 * Builds the GraphQL schema from resolver instances the composition root made (each constructed
 * with the services it uses). type-graphql gets the classes for the schema and a container that
 * hands back these very instances, so no resolver constructs its own collaborators. The app's
 * bus feeds `@Subscription({ topics })` and is attached to the schema for `busOf(info)`.
 */
export async function buildApiSchema(resolvers: readonly object[], bus: EventBus): Promise<GraphQLSchema> {
  const byClass = new Map<Function, object>(resolvers.map((r) => [r.constructor, r]));
  if (byClass.size !== resolvers.length) throw new Error('buildApiSchema: a resolver class is given twice');
  const schema = await buildSchema({
    resolvers: [...byClass.keys()] as unknown as NonEmptyArray<Function>,
    container: {
      get: (someClass: Function) => {
        const instance = byClass.get(someClass);
        if (!instance) throw new Error(`buildApiSchema: no instance of resolver ${someClass.name}`);
        return instance;
      },
    },
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
    emitSchemaFile: false,
    pubSub: bus.pubSub,
  }).then(installCompiledReads);
  schema.extensions = { ...schema.extensions, eventBus: bus };
  return schema;
}
