import { Entity, Filter, ManyToOne, OneToOne, Property, type Rel } from '@mikro-orm/core';
import { PartiesRecord } from '../placements/placement-record.entity';
import type { Person } from '../organizations';
import type { SigningKey } from '../readiness';
import type { Localized } from '../shared/localized';
import type { ExamResult } from './exam-result.entity';
import { examScope } from './exam.scope';
import type { ProductionExam } from './production-exam.entity';

/** One competence of the programme a certificate attests. */
export interface CertifiedCompetence {
  code: string;
  description: Localized;
}

/** One commission member, as the certificate names them. */
export interface CertifyingMember {
  name: string;
  organization: string;
  side: string;
}

/**
 * The certificate of professional competence a passed production exam earns: the registry entry
 * behind its id (holding the revocation status the verifier checks) and the signed VC-JWT, issued
 * by the programme's HEI with its Ed25519 key on readiness's signing path. Never changed but by
 * revocation. Visible like the exam ({@link examScope}).
 */
@Entity()
@Filter(examScope('exam'))
export class CompetenceCertificate extends PartiesRecord {
  @ManyToOne('ProductionExam')
  exam!: Rel<ProductionExam>;

  /** The passed result it rests on: one certificate per result. */
  @OneToOne('ExamResult', { owner: true, unique: true })
  result!: Rel<ExamResult>;

  @ManyToOne('Person')
  student!: Rel<Person>;

  @ManyToOne('SigningKey')
  signingKey!: Rel<SigningKey>;

  /** The qualification awarded: the programme's code and name. */
  @Property({ type: 'jsonb' })
  qualification!: { code: string; name: Localized };

  /** The programme's level (BACHELOR, …). */
  @Property({ length: 40 })
  level!: string;

  @Property({ type: 'jsonb' })
  competences!: CertifiedCompetence[];

  /** The final grade: score, letter, GPA and scale. */
  @Property({ type: 'jsonb' })
  grade!: { score: number; letter: string; gpa: number; scale: string };

  @Property({ type: 'jsonb' })
  commission!: CertifyingMember[];

  @Property({ type: 'timestamptz' })
  validFrom!: Date;

  /** The compact JWS (VC-JWT). */
  @Property({ type: 'text' })
  jwt!: string;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date;

  @Property({ type: 'text', nullable: true })
  revokedReason?: string;

  /** Who revoked it: an API key id, or `person:<id>`. */
  @Property({ nullable: true })
  revokedBy?: string;
}
