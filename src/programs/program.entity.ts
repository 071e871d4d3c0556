import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import type { Organization } from '../organizations';
import type { LocalizedText } from '../shared/localized';
import { ProgramLevel } from './program.rules';

export { ProgramLevel };

/**
 * An educational programme of an HEI (e.g. 6B07101 "Automation and control"). Programmes are
 * public offerings, so the table has no scope filter: every caller sees every programme, and only
 * the owning HEI changes it (checked in the service).
 */
@Entity()
@Unique({ properties: ['hei', 'code'] })
export class Program extends BaseEntity {
  /** The HEI (university or college) that runs the programme. */
  @ManyToOne('Organization')
  @Index()
  hei!: Rel<Organization>;

  /** Programme code from the national classifier, e.g. `6B07101`. */
  @Property({ length: 20 })
  code!: string;

  @Enum({ items: () => ProgramLevel, nativeEnumName: 'program_level' })
  @Index()
  level!: ProgramLevel;

  @Property({ type: 'jsonb' })
  name!: LocalizedText;

  /** Bumped on every change of the programme or its disciplines. */
  @Property({ version: true, type: 'integer' })
  version!: number & Opt;
}
