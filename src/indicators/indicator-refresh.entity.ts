import { Entity, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';

/**
 * The last refresh of a materialized indicator view: when, how long it took and how many rows it
 * holds. Reported with the indicator (`refreshedAt`, `refreshMs`). Not scoped: it says nothing
 * about any organisation.
 */
@Entity()
export class IndicatorRefresh {
  [PrimaryKeyProp]?: 'view';

  @PrimaryKey({ length: 60 })
  view!: string;

  @Property({ type: 'timestamptz' })
  refreshedAt!: Date;

  @Property({ type: 'integer' })
  durationMs!: number;

  @Property({ type: 'integer' })
  rows!: number;
}
