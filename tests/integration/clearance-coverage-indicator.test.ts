/**
 * The CLEARANCE_COVERAGE indicator agrees with the clearance gate: for the fixture placements at
 * hazardous workplaces (CONFIRMED or ACTIVE), a student counts as cleared exactly when
 * `clearance(studentId, workplaceId)` answers CLEARED, whatever the student's readiness history
 * (a grant for every category, one superseded by a revocation, one run out, a category never
 * covered, a grant renewed after a revocation). Own database: it records readiness.
 */
import { Placement, PlacementStatus } from '../../src/placements';
import { ReadinessKind, ReadinessRecord } from '../../src/readiness';
import { Workplace } from '../../src/workplaces';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { gid } from '../support/factories';
import { graphql } from '../support/graphql';
import { CLEARANCE_OF_PAIR } from '../support/readiness-factories';

let api: TestApi;
let coordinator: string;
beforeAll(async () => {
  api = await startTestApi();
  coordinator = await api.keyFor(BIN.COORDINATOR, 'READER');
});
afterAll(() => api.close());

const DAY = 86_400_000;
const INDICATOR = graphql(`
  query {
    indicator(code: "CLEARANCE_COVERAGE") {
      rows
    }
  }
`);

/** The fixture placements the indicator counts, with their workplace's hazard categories. */
async function hazardousPlacements() {
  const em = api.system().em;
  const placements = await em.find(
    Placement,
    { status: { $in: [PlacementStatus.CONFIRMED, PlacementStatus.ACTIVE] } },
    { populate: ['employer', 'workplace'], orderBy: { code: 'asc' } },
  );
  const withCategories = [];
  for (const p of placements) {
    const workplace = await em.findOneOrFail(Workplace, { id: p.workplace.id }, { populate: ['hazardCategories'] });
    const categories = workplace.hazardCategories.getItems();
    if (categories.length > 0) withCategories.push({ placement: p, employerBin: p.employer.bin, categories });
  }
  return withCategories;
}

async function record(studentId: string, categoryId: string, kind: ReadinessKind, earnedDaysAgo: number, validDays?: number): Promise<void> {
  const em = api.system().em.fork();
  const earnedAt = new Date(Date.now() - earnedDaysAgo * DAY);
  em.create(ReadinessRecord, {
    student: studentId,
    hazardCategory: categoryId,
    kind,
    sessionIds: [],
    earnedAt,
    validUntil: validDays === undefined ? undefined : new Date(earnedAt.getTime() + validDays * DAY),
    reason: kind === ReadinessKind.REVOCATION ? 'test: revoked' : undefined,
    recordedBy: 'test',
  });
  await em.flush();
}

/** Per employer BIN: placements counted and cleared, as the indicator says and as the gate answers. */
async function bothSides(placements: Awaited<ReturnType<typeof hazardousPlacements>>) {
  const res = await api.gql(coordinator, INDICATOR);
  expect(res.errors).toBeUndefined();
  const indicator: Record<string, { hazardousPlacements: number; cleared: number }> = {};
  for (const row of res.data!.indicator.rows as { employerBin: string; hazardousPlacements: number; cleared: number }[]) {
    const counted = (indicator[row.employerBin] ??= { hazardousPlacements: 0, cleared: 0 });
    counted.hazardousPlacements += row.hazardousPlacements;
    counted.cleared += row.cleared;
  }
  const gate: Record<string, { hazardousPlacements: number; cleared: number }> = {};
  for (const { placement, employerBin } of placements) {
    const answer = await api.gql(coordinator, CLEARANCE_OF_PAIR, { s: gid('Person', placement.student.id), w: gid('Workplace', placement.workplace.id) });
    expect(answer.data!.clearance.userErrors).toEqual([]);
    const counted = (gate[employerBin] ??= { hazardousPlacements: 0, cleared: 0 });
    counted.hazardousPlacements++;
    if (answer.data!.clearance.clearance!.status === 'CLEARED') counted.cleared++;
  }
  return { indicator, gate };
}

test('cleared in the indicator exactly when the clearance gate answers CLEARED, through a readiness history', async () => {
  const placements = await hazardousPlacements();
  expect(placements.length).toBeGreaterThanOrEqual(2);
  const [first, second] = placements;

  // Nothing recorded: nobody cleared.
  let sides = await bothSides(placements);
  expect(sides.indicator).toEqual(sides.gate);
  expect(Object.values(sides.gate).every((c) => c.cleared === 0)).toBe(true);

  // The first student: a valid grant in every category of the workplace — cleared.
  for (const c of first.categories) await record(first.placement.student.id, c.id, ReadinessKind.SIMULATOR, 10, 365);
  // The second: every category but one valid; the last run out yesterday — not cleared.
  for (const c of second.categories.slice(0, -1)) await record(second.placement.student.id, c.id, ReadinessKind.SIMULATOR, 10, 365);
  await record(second.placement.student.id, second.categories.at(-1)!.id, ReadinessKind.MANUAL, 40, 39);
  sides = await bothSides(placements);
  expect(sides.indicator).toEqual(sides.gate);
  expect(sides.gate[first.employerBin].cleared).toBeGreaterThanOrEqual(1);

  // The first student's grant in one category is revoked later: no longer cleared, in both.
  await record(first.placement.student.id, first.categories[0].id, ReadinessKind.REVOCATION, 1);
  sides = await bothSides(placements);
  expect(sides.indicator).toEqual(sides.gate);
  const afterRevocation = sides.gate[first.employerBin].cleared;

  // A pass after the revocation restores it: cleared again, in both.
  await record(first.placement.student.id, first.categories[0].id, ReadinessKind.SIMULATOR, 0, 365);
  // And the second student's run-out category is renewed: cleared too.
  await record(second.placement.student.id, second.categories.at(-1)!.id, ReadinessKind.MANUAL, 0, 30);
  sides = await bothSides(placements);
  expect(sides.indicator).toEqual(sides.gate);
  expect(sides.gate[first.employerBin].cleared).toBe(afterRevocation + 1);
});
