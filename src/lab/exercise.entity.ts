import { Entity, Enum, Index, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import type { LocalizedText } from '../shared/localized';
import type { ExerciseDefinition } from './runtime';
import { StationKind } from './station.entity';

/**
 * One version of an exercise in the catalogue, seeded from `fixtures/exercises/*.yaml`. A
 * version, once used by a session, is never changed: a new file version adds a new row. The
 * catalogue is visible to every caller (no scope filter).
 */
@Entity()
@Unique({ properties: ['code', 'version'] })
export class Exercise extends BaseEntity {
  /** The exercise's own id, e.g. `plc.safe-start-up`. */
  @Property({ length: 100 })
  @Index()
  code!: string;

  @Property()
  version!: number;

  @Enum({ items: () => StationKind, nativeEnumName: 'station_kind' })
  stationKind!: StationKind;

  /** Codes of the hazard categories it trains (fixtures/hazard-categories.yaml). */
  @Property({ type: 'jsonb' })
  hazardCategories!: string[];

  @Property({ type: 'jsonb' })
  title!: LocalizedText;

  @Property({ type: 'jsonb' })
  instructions!: LocalizedText;

  /** The validated definition the runtime runs (durations in ms). */
  @Property({ type: 'jsonb' })
  definition!: ExerciseDefinition;
}
