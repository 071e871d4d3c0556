import { defaultFieldResolver, type GraphQLSchema, isObjectType } from 'graphql';
import { COMPILED_KEY } from './compile';
import { READ_TYPES } from './read-model';

/**
 * Lets the schema answer from objects the compiled read path built in PostgreSQL: on the types
 * the compiler knows, a field whose parent is such an object (it carries {@link COMPILED_KEY})
 * returns the value stored under its response key instead of running its resolver (which would
 * load it again through the ORM). Every other parent runs the field's resolver as before.
 * Called once on the built schema.
 */
export function installCompiledReads(schema: GraphQLSchema): GraphQLSchema {
  for (const typeName of Object.keys(READ_TYPES)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) =>
        source !== null && typeof source === 'object' && (source as { [COMPILED_KEY]?: true })[COMPILED_KEY] === true
          ? (source as Record<string, unknown>)[info.path.key as string]
          : resolve(source, args, context, info);
    }
  }
  return schema;
}
