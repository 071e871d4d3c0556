import { MaxLength } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { LocalizedTextType, toLocalizedText } from '../graphql/localized-text';
import { Node } from '../graphql/node';
import { toGlobalId } from '../graphql/relay';
import { credentialForms } from '../readiness';
import type { CompetenceCertificate } from './competence-certificate.entity';
import { AssessmentUserError } from './production-exam.types';

@ObjectType('CertifiedCompetence', { description: 'A competence of the programme a certificate attests.' })
export class CertifiedCompetenceNode {
  @Field({ description: 'The competence’s code in the programme (e.g. PC1).' }) code!: string;
  @Field(() => LocalizedTextType, { description: 'What it is, in kk/ru/en.' }) description!: LocalizedTextType;
}

@ObjectType('CertifyingCommissionMember', { description: 'A commission member as the certificate names them.' })
export class CertifyingMemberNode {
  @Field({ description: 'Full name.' }) name!: string;
  @Field({ description: 'The organisation represented (English name).' }) organization!: string;
  @Field({ description: 'ENTERPRISE or THIRD_PARTY.' }) side!: string;
}

@ObjectType('CompetenceCertificate', {
  implements: Node,
  description:
    'Certificate of professional competence earned by a passed production exam: an Open Badges 3.0 credential (W3C VC, VC-JWT signed with the HEI’s Ed25519 key), verifiable offline (`npm run verify`), at POST /credentials/verify and with `verifyCredential`; revocable by the HEI.',
})
export class CompetenceCertificateNode extends Node {
  rowId!: string;
  resultId!: string;
  @Field({ description: 'Code of the qualification awarded (the programme’s code).' }) qualificationCode!: string;
  @Field(() => LocalizedTextType, { description: 'The qualification awarded (the programme’s name).' }) qualificationName!: LocalizedTextType;
  @Field({ description: 'Level of the qualification (the programme’s level).' }) level!: string;
  @Field(() => [CertifiedCompetenceNode], { description: 'Competences attested.' }) competences!: CertifiedCompetenceNode[];
  @Field(() => Int, { description: 'Final grade, 0–100.' }) score!: number;
  @Field({ description: 'Letter of the final grade.' }) letter!: string;
  @Field(() => Float, { description: 'GPA equivalent.' }) gpa!: number;
  @Field(() => [CertifyingMemberNode], { description: 'The commission that examined.' }) commission!: CertifyingMemberNode[];
  @Field({ description: 'Issued at (validFrom); it does not expire.' }) validFrom!: Date;
  @Field(() => Date, { nullable: true, description: 'When the HEI revoked it; null unless revoked.' }) revokedAt!: Date | null;
  @Field({ description: 'The compact JWS (VC-JWT, typ vc+jwt).' }) jwt!: string;
  @Field(() => GraphQLJSONObject, { description: 'The signed credential (JWS payload): an OpenBadgeCredential.' }) document!: Record<string, unknown>;
  @Field({ description: 'EnvelopedVerifiableCredential JSON: save it as a .json file; `npm run verify -- file.json` and POST /credentials/verify accept it.' })
  json!: string;
}

/** API shape of a certificate. */
export function toCompetenceCertificateNode(row: CompetenceCertificate): CompetenceCertificateNode {
  const forms = credentialForms(row.jwt);
  return Object.assign(new CompetenceCertificateNode(), {
    id: toGlobalId('CompetenceCertificate', row.id),
    rowId: row.id,
    resultId: row.result.id,
    qualificationCode: row.qualification.code,
    qualificationName: toLocalizedText(row.qualification.name),
    level: row.level,
    competences: row.competences.map((c) => Object.assign(new CertifiedCompetenceNode(), { code: c.code, description: toLocalizedText(c.description) })),
    score: row.grade.score,
    letter: row.grade.letter,
    gpa: row.grade.gpa,
    commission: row.commission.map((m) => Object.assign(new CertifyingMemberNode(), m)),
    validFrom: row.validFrom,
    revokedAt: row.revokedAt ?? null,
    jwt: forms.jwt,
    document: forms.document,
    json: forms.json,
  });
}

@InputType({ description: 'Revokes a certificate of professional competence, by its HEI.' })
export class RevokeCompetenceCertificateInput {
  @Field(() => ID, { description: 'Global id of the CompetenceCertificate.' }) certificateId!: string;
  @Field({ description: 'Why (kept with the revocation).' }) @MaxLength(2000) reason!: string;
}

@ObjectType({ description: 'What revokeCompetenceCertificate returns.' })
export class CompetenceCertificatePayload {
  @Field(() => CompetenceCertificateNode, { nullable: true, description: 'The certificate; null when there are userErrors.' })
  certificate!: CompetenceCertificateNode | null;
  @Field(() => [AssessmentUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof AssessmentUserError
  >[];
}
