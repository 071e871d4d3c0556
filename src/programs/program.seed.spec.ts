import path from 'node:path';
import { FIXTURES_DIR, FixtureError, readFixtureFile } from '../seed/fixture-file';
import { checkProgramsFixture, type ProgramsFixture } from './program.seed';

const file = path.join(FIXTURES_DIR, 'programs.yaml');
const load = () => readFixtureFile<ProgramsFixture>(file, 'programs.schema.json');

describe('programs.yaml', () => {
  test('the fixture programmes meet their credit norms and the 30 % rule', () => {
    const fixture = load();
    expect(fixture.programs.map((p) => p.code)).toEqual(['6B07101', '6B07105', '6B07102', '07140100']);
    expect(() => checkProgramsFixture(file, fixture)).not.toThrow();
  });

  test('a programme adapted past 30 % or off its credit norm is refused with file, path and reason', () => {
    const fixture = load();
    const college = fixture.programs.find((p) => p.code === '07140100')!;
    // Adapt the 30-credit dual production practice: 59 of 180 credits.
    college.modules.flatMap((m) => m.disciplines).find((d) => d.code === 'PRP 602')!.adaptedBy = '010340000011';
    fixture.programs[0].modules[0] = { ...fixture.programs[0].modules[0], disciplines: fixture.programs[0].modules[0].disciplines.slice(1) };
    let error: FixtureError | undefined;
    try {
      checkProgramsFixture(file, fixture);
    } catch (e) {
      error = e as FixtureError;
    }
    expect(error).toBeInstanceOf(FixtureError);
    expect(error!.problems).toEqual([
      { path: '/programs/0', reason: '6B07101 totals 235 credits; a BACHELOR programme totals 240' },
      { path: '/programs/3', reason: '07140100: employer-adapted share 32.8 % exceeds 30 %' },
    ]);
  });
});
