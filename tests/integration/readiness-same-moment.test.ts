/**
 * Two readiness records of a student in a category earned at the same moment: the one recorded
 * later decides, on every road that reads "the latest record" (clearance, the placement gate,
 * `Placement.clearanceExpiresAt`, the CLEARANCE_COVERAGE indicator through the shared SQL) and in
 * the READINESS export's `current` column. With a clock that stands still (as a virtual lab clock
 * or two writes within one millisecond do), a manual grant and its revocation carry the same
 * `earnedAt`: the revocation must be in force. Own database: it records readiness.
 */
import { PersonRole } from '../../src/organizations';
import { PlacementStatus } from '../../src/placements';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { csvRows } from '../support/csv';
import { ACTIVATE_PLACEMENT, Factories, gid } from '../support/factories';
import { graphql } from '../support/graphql';
import { CLEARANCE_OF_PAIR, ReadinessFactories } from '../support/readiness-factories';

const MOMENT = new Date('2026-11-20T09:30:00.000Z');

let api: TestApi;
let given: Factories;
let readiness: ReadinessFactories;
beforeAll(async () => {
  api = await startTestApi({ clock: { now: () => new Date(MOMENT) } });
  given = new Factories(api);
  readiness = new ReadinessFactories(api);
});
afterAll(() => api.close());

const RECORD = graphql(`
  mutation ($input: RecordManualReadinessInput!) {
    recordManualReadiness(input: $input) {
      readiness {
        kind
        earnedAt
      }
      userErrors {
        code
      }
    }
  }
`);
const REVOKE = graphql(`
  mutation ($input: RevokeReadinessInput!) {
    revokeReadiness(input: $input) {
      readiness {
        kind
        earnedAt
      }
      userErrors {
        code
      }
    }
  }
`);

test('a revocation recorded at the same moment as the grant it ends is the record in force', async () => {
  const workplace = await readiness.givenWorkplace(BIN.STEEL_PLANT, ['LIFTING_EQUIPMENT']);
  const placement = await given.givenPlacement({ status: PlacementStatus.CONFIRMED, workplaceCode: workplace.code });
  const instructor = await given.givenPerson(BIN.STEEL_PLANT, PersonRole.SAFETY_OFFICER, 'Safety');
  const steel = await api.keyFor(BIN.STEEL_PLANT, 'WRITER');
  const hei = await api.keyFor(BIN.INEU, 'WRITER');
  const student = gid('Person', placement.student.id);

  const granted = await api.gql(steel, RECORD, {
    input: {
      studentId: student,
      hazardCategoryCode: 'LIFTING_EQUIPMENT',
      instructorId: gid('Person', instructor),
      evidence: { description: 'Slinging and crane signals, overhead crane 10 t' },
    },
  });
  expect(granted.data!.recordManualReadiness).toEqual({ readiness: { kind: 'MANUAL', earnedAt: MOMENT.toISOString() }, userErrors: [] });
  const cleared = await api.gql(steel, CLEARANCE_OF_PAIR, { s: student, w: gid('Workplace', workplace.id) });
  expect(cleared.data!.clearance.clearance!.status).toBe('CLEARED');

  // The student's HEI ends it, at the same moment.
  const revoked = await api.gql(hei, REVOKE, {
    input: { studentId: student, hazardCategoryCode: 'LIFTING_EQUIPMENT', reason: 'Signalled with the load over people' },
  });
  expect(revoked.data!.revokeReadiness).toEqual({ readiness: { kind: 'REVOCATION', earnedAt: MOMENT.toISOString() }, userErrors: [] });

  const after = await api.gql(steel, CLEARANCE_OF_PAIR, { s: student, w: gid('Workplace', workplace.id) });
  expect(after.data!.clearance.clearance).toEqual({
    status: 'NOT_CLEARED',
    categories: [{ code: 'LIFTING_EQUIPMENT', status: 'REVOKED', readiness: { kind: 'REVOCATION' } }],
  });
  // The placement gate reads the same record: the placement cannot start.
  const activated = await api.gql(steel, ACTIVATE_PLACEMENT, { input: { placementId: gid('Placement', placement.id) } });
  expect(activated.data!.activatePlacement.userErrors).toEqual([expect.objectContaining({ code: 'CLEARANCE_MISSING' })]);
  // A second revocation finds nothing to revoke.
  const again = await api.gql(hei, REVOKE, {
    input: { studentId: student, hazardCategoryCode: 'LIFTING_EQUIPMENT', reason: 'Twice' },
  });
  expect(again.data!.revokeReadiness.userErrors).toEqual([expect.objectContaining({ code: 'NOTHING_TO_REVOKE' })]);

  // The READINESS_RECORDS export agrees: neither record is current.
  const res = await fetch(`${api.url.replace(/\/graphql$/, '/exports')}/lists/READINESS_RECORDS.csv?columns=studentId,kind,current`, {
    headers: { authorization: `Bearer ${steel}` },
  });
  expect(res.status).toBe(200);
  const mine = csvRows(await res.text()).filter(([studentId]) => studentId === placement.student.id);
  expect(mine.map(([, kind, current]) => [kind, current]).sort()).toEqual([
    ['MANUAL', 'false'],
    ['REVOCATION', 'false'],
  ]);
});
