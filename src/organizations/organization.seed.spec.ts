import path from 'node:path';
import { FIXTURES_DIR, FixtureError, readFixtureFile } from '../seed/fixture-file';
import { checkOrganizationsFixture, type OrganizationFixture } from './organization.seed';

const file = path.join(FIXTURES_DIR, 'organizations.yaml');
const load = () => readFixtureFile<OrganizationFixture>(file, 'organizations.schema.json');

function problemsOf(fixture: OrganizationFixture): FixtureError['problems'] {
  try {
    checkOrganizationsFixture(file, fixture);
  } catch (error) {
    expect(error).toBeInstanceOf(FixtureError);
    return (error as FixtureError).problems;
  }
  return [];
}

describe('organizations.yaml', () => {
  test('every fixture organisation has a valid BIN (the check digit the API checks), none twice', () => {
    expect(problemsOf(load())).toEqual([]);
  });

  test('a BIN with a wrong check digit, a malformed one and a repeated one are refused with file, path and reason', () => {
    const fixture = load();
    const [first, second, third] = fixture.organizations;
    first.bin = `${first.bin.slice(0, 11)}${(Number(first.bin[11]) + 1) % 10}`;
    second.bin = '12345';
    third.bin = fixture.organizations[3].bin;
    expect(problemsOf(fixture)).toEqual([
      { path: '/organizations/0/bin', reason: `BIN ${first.bin}: the check digit does not match the first eleven digits` },
      { path: '/organizations/1/bin', reason: 'BIN 12345: a BIN is 12 digits' },
      { path: '/organizations/3/bin', reason: `BIN ${third.bin} is used twice (also at /organizations/2/bin)` },
    ]);
  });
});
