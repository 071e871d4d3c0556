import path from 'node:path';
import { FixtureError, readFixtureFile } from '../seed/fixture-file';
import type { LocalizedText } from '../shared/localized';
import type { RequestContext } from '../shared/request-context';
import { Membership, type PersonRole } from './membership.entity';
import { type HeiType, Organization, type OrganizationKind } from './organization.entity';
import { Person } from './person.entity';
import { IndustrySection } from './industry-section.entity';
import { binProblem } from './organization.rules';

export interface OrganizationFixture {
  organizations: {
    bin: string;
    kind: OrganizationKind;
    heiType?: HeiType;
    region: string;
    city?: string;
    shortName?: string;
    website?: string;
    industry?: string;
    name: LocalizedText;
  }[];
}
interface PeopleFixture {
  people: { email: string; fullName: string; phone?: string; memberships: { bin: string; role: PersonRole; position?: string; since?: string }[] }[];
}

const BIN_REASONS = {
  FORMAT: 'a BIN is 12 digits',
  CHECKSUM: 'the check digit does not match the first eleven digits',
} as const;

/**
 * The rules the API holds a BIN to (`binProblem`), and one organisation per BIN: a fixture the
 * API itself would refuse is not seeded. Throws {@link FixtureError} with each BIN's path and reason.
 */
export function checkOrganizationsFixture(file: string, fixture: OrganizationFixture): void {
  const problems: { path: string; reason: string }[] = [];
  const seen = new Map<string, string>();
  fixture.organizations.forEach(({ bin }, i) => {
    const at = `/organizations/${i}/bin`;
    const problem = binProblem(bin);
    if (problem) problems.push({ path: at, reason: `BIN ${bin}: ${BIN_REASONS[problem]}` });
    const earlier = seen.get(bin);
    if (earlier) problems.push({ path: at, reason: `BIN ${bin} is used twice (also at ${earlier})` });
    else seen.set(bin, at);
  });
  if (problems.length > 0) throw new FixtureError(file, problems);
}

/**
 * Upserts organisations (by BIN), people (by e-mail) and memberships from the fixtures. Running
 * it twice changes nothing the second time. Needs a system context.
 */
export async function seedOrganizations(ctx: RequestContext, fixturesDir: string): Promise<void> {
  const organizationsFile = path.join(fixturesDir, 'organizations.yaml');
  const fixture = readFixtureFile<OrganizationFixture>(organizationsFile, 'organizations.schema.json');
  checkOrganizationsFixture(organizationsFile, fixture);
  const { organizations } = fixture;
  const { people } = readFixtureFile<PeopleFixture>(path.join(fixturesDir, 'people.yaml'), 'people.schema.json');
  const { em } = ctx;
  const { industrySections } = readFixtureFile<{ industrySections: { code: string; name: LocalizedText }[] }>(
    path.join(fixturesDir, 'industry-sections.yaml'),
    'industry-sections.schema.json',
  );
  const sections = new Map((await em.find(IndustrySection, {})).map((row) => [row.code, row]));
  for (const data of industrySections) {
    const existing = sections.get(data.code);
    if (existing) em.assign(existing, data);
    else em.create(IndustrySection, data);
  }

  const byBin = new Map((await em.find(Organization, { bin: { $in: organizations.map((o) => o.bin) } })).map((o) => [o.bin, o]));
  for (const data of organizations) {
    const existing = byBin.get(data.bin);
    if (existing) em.assign(existing, data);
    else byBin.set(data.bin, em.create(Organization, data));
  }

  const byEmail = new Map((await em.find(Person, { email: { $in: people.map((p) => p.email) } }, { populate: ['memberships'] })).map((p) => [p.email, p]));
  for (const data of people) {
    const found = byEmail.get(data.email);
    if (found) em.assign(found, { fullName: data.fullName, phone: data.phone });
    const person: Person = found ?? em.create(Person, { email: data.email, fullName: data.fullName, phone: data.phone });
    for (const m of data.memberships) {
      const organization = byBin.get(m.bin);
      if (!organization) throw new Error(`people.yaml: ${data.email} names unknown organisation BIN ${m.bin}`);
      const existing = person.memberships.getItems().find((x) => x.organization.id === organization.id && x.role === m.role);
      if (existing) em.assign(existing, { position: m.position, since: m.since });
      else em.create(Membership, { person, organization, role: m.role, position: m.position, since: m.since });
    }
  }
  await em.flush();
}
