import { helper, type EntityName, type FilterQuery, type FindOneOptions, type Loaded } from '@mikro-orm/core';
import { EntityManager, type PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SCOPE_FILTER, type ScopeParams } from './scope';

/**
 * The EntityManager of every request. MikroORM answers a primary-key `findOne` from the identity
 * map without running the query, and so without the `scope` filter: a row loaded unscoped earlier
 * in the same request (a rule check with `filters: false`, or a transaction's fork whose rows are
 * merged back into the request's EntityManager) would then be returned to a caller who may not
 * see it. Here a scoped primary-key look-up that the identity map could answer first asks the
 * database, with the filter, whether the row is visible; the identity map is still used for the
 * answer, so the entity stays the one the request already holds (with any unflushed changes).
 *
 * Costs one `count` only when the identity map holds the row and the caller is scoped; look-ups
 * that go to the database anyway, system contexts and `filters: false` are unchanged.
 */
export class ScopedEntityManager extends EntityManager<PostgreSqlDriver> {
  override async findOne<Entity extends object, Hint extends string = never, Fields extends string = never, Excludes extends string = never>(
    entityName: EntityName<Entity>,
    where: FilterQuery<NoInfer<Entity>>,
    options: FindOneOptions<Entity, Hint, Fields, Excludes> = {},
  ): Promise<Loaded<Entity, Hint, Fields, Excludes> | null> {
    if (this.scopedLookup(options)) {
      const cached = this.getUnitOfWork().tryGetById(entityName as never, where as never, options.schema);
      if (cached && helper(cached).__managed && (await this.count(entityName, where, { schema: options.schema })) === 0) return null;
    }
    return super.findOne(entityName, where, options);
  }

  /** True when the scope filter applies to this look-up: a caller's scope, filters left on. */
  private scopedLookup(options: { filters?: unknown }): boolean {
    const params = this.getFilterParams<ScopeParams>(SCOPE_FILTER);
    if (!params || params.system) return false;
    const filters = options.filters;
    if (filters === false) return false;
    if (filters && typeof filters === 'object' && !Array.isArray(filters) && (filters as Record<string, unknown>)[SCOPE_FILTER] === false) return false;
    return true;
  }
}
