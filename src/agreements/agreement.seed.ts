import path from 'node:path';
import { readFixtureFile } from '../seed/fixture-file';
import { Organization, Person } from '../organizations';
import type { RequestContext } from '../shared/request-context';
import { AgreementSignature } from './agreement-signature.entity';
import { Agreement, type AgreementKind, type AgreementParty } from './agreement.entity';
import { statusAfterSignatures } from './agreement.rules';

interface AgreementFixture {
  agreements: {
    number: string;
    kind: AgreementKind;
    heiBin: string;
    employerBin: string;
    studentEmail?: string;
    validFrom: string;
    validTo: string;
    remunerationAmount: number;
    signatures: { party: AgreementParty; signedAt: string }[];
  }[];
}

/**
 * Upserts agreements by number and their signatures by party. Idempotent: a signature already
 * recorded is kept as it is; the status follows the signatures. Needs a system context.
 */
export async function seedAgreements(ctx: RequestContext, fixturesDir: string): Promise<void> {
  const { agreements } = readFixtureFile<AgreementFixture>(path.join(fixturesDir, 'agreements.yaml'), 'agreements.schema.json');
  const { em } = ctx;
  const bins = agreements.flatMap((a) => [a.heiBin, a.employerBin]);
  const orgs = new Map((await em.find(Organization, { bin: { $in: bins } })).map((o) => [o.bin, o]));
  const emails = agreements.flatMap((a) => (a.studentEmail ? [a.studentEmail] : []));
  const people = new Map((await em.find(Person, { email: { $in: emails } })).map((p) => [p.email, p]));
  const existing = new Set((await em.find(Agreement, { number: { $in: agreements.map((a) => a.number) } })).map((a) => a.number));
  const org = (bin: string, number: string) => {
    const found = orgs.get(bin);
    if (!found) throw new Error(`agreements.yaml: ${number} names unknown organisation BIN ${bin}`);
    return found;
  };
  for (const data of agreements) {
    const student = data.studentEmail ? people.get(data.studentEmail) : undefined;
    if (data.studentEmail && !student) throw new Error(`agreements.yaml: ${data.number} names unknown student ${data.studentEmail}`);
    const fields = {
      kind: data.kind,
      hei: org(data.heiBin, data.number),
      employer: org(data.employerBin, data.number),
      student,
      validFrom: data.validFrom,
      validTo: data.validTo,
      remunerationAmount: data.remunerationAmount,
    };
    // Existing agreements belong to their parties (signatures, termination): seeding only adds missing ones.
    if (existing.has(data.number)) continue;
    const agreement = em.create(Agreement, { number: data.number, ...fields });
    const signed: AgreementParty[] = [];
    for (const signature of data.signatures) {
      if (signed.includes(signature.party)) continue;
      em.create(AgreementSignature, {
        agreement,
        party: signature.party,
        organization: signature.party === 'EMPLOYER' ? fields.employer : fields.hei,
        person: signature.party === 'STUDENT' ? student : undefined,
        signedAt: new Date(signature.signedAt),
      });
      signed.push(signature.party);
    }
    agreement.status = statusAfterSignatures(agreement.kind, signed);
  }
  await em.flush();
}
