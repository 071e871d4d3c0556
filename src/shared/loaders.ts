import DataLoader from 'dataloader';
import type { EntityClass, EntityManager } from '@mikro-orm/core';

/**
 * Per-request DataLoaders, made by one factory. Every nested field loads through them, so a page
 * of 50 rows costs the same number of SQL statements as a page of 5. Loads go through the
 * request's scoped EntityManager: a row the caller may not see loads as `null`.
 */
export class Loaders {
  private readonly loaders = new Map<unknown, DataLoader<unknown, unknown>>();

  constructor(private readonly em: EntityManager) {}

  /** Loads entities of one class by primary key; `null` for unknown or invisible ids. */
  byId<T extends { id: string }>(entity: EntityClass<T>): DataLoader<string, T | null> {
    return this.custom(entity, async (ids: readonly string[]) => {
      const rows = await this.em.find(entity, { id: { $in: [...ids] } } as never);
      const byKey = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byKey.get(id) ?? null);
    });
  }

  /**
   * A loader for anything `byId` does not cover (children of many parents, computed values).
   * `key` identifies it for the request; the batch function gets every key asked for in one tick.
   */
  custom<K, V>(key: unknown, batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>): DataLoader<K, V> {
    let loader = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
      this.loaders.set(key, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  /** Groups rows under the keys asked for: the usual shape of a one-to-many batch. */
  static group<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
    const groups = new Map<K, V[]>(keys.map((k) => [k, []]));
    for (const row of rows) groups.get(keyOf(row))?.push(row);
    return keys.map((k) => groups.get(k) ?? []);
  }
}
