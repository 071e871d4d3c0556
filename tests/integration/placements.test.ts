import { Client } from 'pg';
import { AgreementParty } from '../../src/agreements';
import { AuditAction, AuditEntry } from '../../src/audit';
import { defineModule } from '../../src/module';
import { MODULES } from '../../src/modules';
import { type ActivationGate, Placement, PlacementErrorCode, PlacementStatus } from '../../src/placements';
import { graphql, type VariablesOf } from '../support/graphql';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { day, Factories, gid } from '../support/factories';

let api: TestApi;
let given: Factories;
let ineu: string;
let steel: string;
beforeAll(async () => {
  api = await startTestApi();
  given = new Factories(api);
  ineu = await api.keyFor(BIN.INEU, 'WRITER');
  steel = await api.keyFor(BIN.STEEL_PLANT, 'WRITER');
});
afterAll(() => api.close());

const PLACEMENT_FIELDS = graphql(`
  fragment PlacementFields on Placement {
    id
    code
    status
    version
    startDate
    endDate
    mentor {
      id
    }
    history {
      totalCount
      nodes {
        action
        before
        after
        reason
        actorApiKeyId
        actorOrganizationId
      }
    }
  }
`);
const CREATE = graphql(
  `
    mutation ($input: CreatePlacementInput!) {
      createPlacement(input: $input) {
        placement {
          ...PlacementFields
        }
        userErrors {
          field
          code
          message
        }
      }
    }
  `,
  [PLACEMENT_FIELDS],
);
/** What every status transition answers (they share PlacementPayload). */
const TRANSITION_PAYLOAD = graphql(
  `
    fragment TransitionPayload on PlacementPayload {
      placement {
        ...PlacementFields
      }
      userErrors {
        field
        code
        message
        localizedMessage {
          kk
          ru
          en
        }
      }
    }
  `,
  [PLACEMENT_FIELDS],
);
/** The status transitions, one typed document each. */
const TRANSITIONS = {
  confirmPlacement: graphql(
    `
      mutation ($input: PlacementTransitionInput!) {
        confirmPlacement(input: $input) {
          ...TransitionPayload
        }
      }
    `,
    [TRANSITION_PAYLOAD],
  ),
  activatePlacement: graphql(
    `
      mutation ($input: PlacementTransitionInput!) {
        activatePlacement(input: $input) {
          ...TransitionPayload
        }
      }
    `,
    [TRANSITION_PAYLOAD],
  ),
  completePlacement: graphql(
    `
      mutation ($input: PlacementTransitionInput!) {
        completePlacement(input: $input) {
          ...TransitionPayload
        }
      }
    `,
    [TRANSITION_PAYLOAD],
  ),
  suspendPlacement: graphql(
    `
      mutation ($input: PlacementTransitionInput!) {
        suspendPlacement(input: $input) {
          ...TransitionPayload
        }
      }
    `,
    [TRANSITION_PAYLOAD],
  ),
  resumePlacement: graphql(
    `
      mutation ($input: PlacementTransitionInput!) {
        resumePlacement(input: $input) {
          ...TransitionPayload
        }
      }
    `,
    [TRANSITION_PAYLOAD],
  ),
  cancelPlacement: graphql(
    `
      mutation ($input: PlacementTransitionInput!) {
        cancelPlacement(input: $input) {
          ...TransitionPayload
        }
      }
    `,
    [TRANSITION_PAYLOAD],
  ),
};
const transition = <N extends keyof typeof TRANSITIONS>(name: N): (typeof TRANSITIONS)[N] => TRANSITIONS[name];
const ASSIGN_MENTOR = graphql(
  `
    mutation ($input: AssignPlacementMentorInput!) {
      assignPlacementMentor(input: $input) {
        placement {
          ...PlacementFields
        }
        userErrors {
          field
          code
        }
      }
    }
  `,
  [PLACEMENT_FIELDS],
);

async function placementCount(): Promise<number> {
  return api.system().em.count(Placement, {});
}

async function stored(id: string): Promise<Placement> {
  return api.system().em.findOneOrFail(Placement, { id }, { populate: ['mentor'] });
}

type CreateInput = VariablesOf<typeof CREATE>['input'];
async function createInput(overrides: Partial<CreateInput> = {}): Promise<CreateInput> {
  const student = await given.givenStudent();
  const mentor = await given.givenMentor();
  const agreement = await given.givenAgreement();
  // No hazard categories there, so activation depends only on the placement rules under test.
  const workplace = await given.workplace('PMZ-ENGINEERING-OFFICE');
  return {
    studentId: gid('Person', student),
    heiId: gid('Organization', await api.orgId(BIN.INEU)),
    employerId: gid('Organization', await api.orgId(BIN.STEEL_PLANT)),
    workplaceId: gid('Workplace', workplace),
    agreementId: gid('Agreement', agreement),
    mentorId: gid('Person', mentor),
    startDate: day(-10),
    endDate: day(100),
    timeModel: 'DAYS_PER_WEEK',
    daysPerWeek: 3,
    ...overrides,
  };
}

/** Runs a create that must be refused with this code at this field, and checks nothing was written. */
async function expectCreateRefused(input: CreateInput, code: string, field: string[]) {
  const before = await placementCount();
  const res = await api.gql(ineu, CREATE, { input });
  expect(res.errors).toBeUndefined();
  expect(res.data!.createPlacement.placement).toBeNull();
  expect(res.data!.createPlacement.userErrors).toEqual(expect.arrayContaining([expect.objectContaining({ code, field })]));
  expect(await placementCount()).toBe(before);
}

describe('planning a placement', () => {
  test('an HEI plans a placement; it starts PLANNED and its history records the creation by that key', async () => {
    const res = await api.gql(ineu, CREATE, { input: await createInput() });
    expect(res.data!.createPlacement.userErrors).toEqual([]);
    const placement = res.data!.createPlacement.placement;
    expect(placement!.status).toBe('PLANNED');
    expect(placement!.history.nodes).toEqual([
      expect.objectContaining({ action: 'CREATED', actorOrganizationId: gid('Organization', await api.orgId(BIN.INEU)) }),
    ]);
    expect(placement!.history.nodes[0].actorApiKeyId).toBeTruthy();
  });

  test('refuses dates out of order (INVALID_PERIOD) and writes nothing', async () => {
    await expectCreateRefused(await createInput({ startDate: day(50), endDate: day(10) }), 'INVALID_PERIOD', ['input', 'endDate']);
  });

  test('refuses a workplace of another employer (WORKPLACE_NOT_AT_EMPLOYER)', async () => {
    const other = await given.workplace('EWRC-ROBOT-CELL-1');
    await expectCreateRefused(await createInput({ workplaceId: gid('Workplace', other) }), 'WORKPLACE_NOT_AT_EMPLOYER', ['input', 'workplaceId']);
  });

  test('refuses a mentor from another employer (MENTOR_NOT_AT_HOST)', async () => {
    const foreign = await given.givenMentor(BIN.WELDING_CENTRE);
    await expectCreateRefused(await createInput({ mentorId: gid('Person', foreign) }), 'MENTOR_NOT_AT_HOST', ['input', 'mentorId']);
  });

  test('refuses a mentor of the host who does not hold the MENTOR role (MENTOR_NOT_AT_HOST)', async () => {
    const officer = await given.givenPerson(BIN.STEEL_PLANT, 'SAFETY_OFFICER');
    await expectCreateRefused(await createInput({ mentorId: gid('Person', officer) }), 'MENTOR_NOT_AT_HOST', ['input', 'mentorId']);
  });

  test('refuses a period outside the agreement (AGREEMENT_DOES_NOT_COVER_PERIOD)', async () => {
    await expectCreateRefused(await createInput({ startDate: day(300), endDate: day(400) }), 'AGREEMENT_DOES_NOT_COVER_PERIOD', ['input', 'agreementId']);
  });

  test('refuses an agreement of another HEI–employer pair (AGREEMENT_MISMATCH)', async () => {
    const otherPair = await given.givenAgreement({ employerBin: BIN.WELDING_CENTRE });
    await expectCreateRefused(await createInput({ agreementId: gid('Agreement', otherPair) }), 'AGREEMENT_MISMATCH', ['input', 'agreementId']);
  });

  test('refuses a tripartite agreement that names another student (AGREEMENT_MISMATCH)', async () => {
    const someoneElse = await given.givenStudent();
    const tripartite = await given.givenAgreement({ studentId: someoneElse.id });
    await expectCreateRefused(await createInput({ agreementId: gid('Agreement', tripartite) }), 'AGREEMENT_MISMATCH', ['input', 'agreementId']);
  });

  test('accepts a tripartite agreement that names this student', async () => {
    const student = await given.givenStudent();
    const tripartite = await given.givenAgreement({ studentId: student.id });
    const res = await api.gql(ineu, CREATE, { input: await createInput({ studentId: gid('Person', student), agreementId: gid('Agreement', tripartite) }) });
    expect(res.data!.createPlacement.userErrors).toEqual([]);
  });

  test('refuses a student of another HEI (STUDENT_NOT_AT_HEI)', async () => {
    const foreign = await given.givenStudent(BIN.WKATU);
    await expectCreateRefused(await createInput({ studentId: gid('Person', foreign) }), 'STUDENT_NOT_AT_HEI', ['input', 'studentId']);
  });

  test('refuses an overlapping placement of the same student (STUDENT_ALREADY_PLACED)', async () => {
    const first = await given.givenPlacement({ status: PlacementStatus.ACTIVE });
    await expectCreateRefused(await createInput({ studentId: gid('Person', first.student.id) }), 'STUDENT_ALREADY_PLACED', ['input', 'studentId']);
  });

  test('refuses days per week outside 1–5 (INVALID_TIME_MODEL)', async () => {
    await expectCreateRefused(await createInput({ daysPerWeek: 6 }), 'INVALID_TIME_MODEL', ['input', 'daysPerWeek']);
  });

  test('an organisation that is neither the HEI nor the employer may not plan it (NOT_A_PARTY)', async () => {
    const other = await api.keyFor(BIN.WELDING_CENTRE, 'WRITER');
    const before = await placementCount();
    const res = await api.gql(other, CREATE, { input: await createInput() });
    expect(res.data!.createPlacement.userErrors[0].code).toBe('NOT_A_PARTY');
    expect(await placementCount()).toBe(before);
  });
});

describe('status transitions', () => {
  test('walks PLANNED → CONFIRMED → ACTIVE → COMPLETED, each recorded with from, to and actor', async () => {
    const placement = await given.givenPlacement();
    const input = { placementId: gid('Placement', placement) };
    expect((await api.gql(ineu, transition('confirmPlacement'), { input })).data!.confirmPlacement.placement!.status).toBe('CONFIRMED');
    expect((await api.gql(steel, transition('activatePlacement'), { input })).data!.activatePlacement.placement!.status).toBe('ACTIVE');
    const done = await api.gql(steel, transition('completePlacement'), { input: { ...input, reason: 'Programme finished' } });
    const result = done.data!.completePlacement.placement;
    expect(result!.status).toBe('COMPLETED');
    const changes = result!.history.nodes.filter((n: { action: string }) => n.action === 'STATUS_CHANGED');
    expect(changes.map((n) => [n.before!.status, n.after!.status])).toEqual([
      ['PLANNED', 'CONFIRMED'],
      ['CONFIRMED', 'ACTIVE'],
      ['ACTIVE', 'COMPLETED'],
    ]);
    expect(changes[1].actorOrganizationId).toBe(gid('Organization', await api.orgId(BIN.STEEL_PLANT)));
    expect(changes[2].reason).toBe('Programme finished');
  });

  test('refuses a transition the status machine does not allow (INVALID_TRANSITION), unchanged', async () => {
    const placement = await given.givenPlacement();
    const res = await api.gql(ineu, transition('activatePlacement'), { input: { placementId: gid('Placement', placement) } });
    expect(res.data!.activatePlacement.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TRANSITION', field: ['input', 'placementId'] })]);
    expect(res.data!.activatePlacement.userErrors[0].localizedMessage.kk).toMatch(/PLANNED/);
    expect((await stored(placement.id)).status).toBe('PLANNED');
  });

  test('refuses to start without a mentor (MENTOR_REQUIRED), unchanged', async () => {
    const placement = await given.givenPlacement({ status: PlacementStatus.CONFIRMED, mentorId: null });
    const res = await api.gql(ineu, transition('activatePlacement'), { input: { placementId: gid('Placement', placement) } });
    expect(res.data!.activatePlacement.userErrors.map((e: { code: string }) => e.code)).toEqual(['MENTOR_REQUIRED']);
    expect((await stored(placement.id)).status).toBe('CONFIRMED');
  });

  test('refuses to start before the agreement is signed by every party (AGREEMENT_NOT_SIGNED), unchanged', async () => {
    const agreement = await given.givenAgreement({ signedBy: [AgreementParty.HEI] });
    const placement = await given.givenPlacement({ status: PlacementStatus.CONFIRMED, agreementId: agreement.id });
    const res = await api.gql(ineu, transition('activatePlacement'), { input: { placementId: gid('Placement', placement) } });
    expect(res.data!.activatePlacement.userErrors).toEqual([expect.objectContaining({ code: 'AGREEMENT_NOT_SIGNED', field: ['input', 'placementId'] })]);
    expect(res.data!.activatePlacement.userErrors[0].message).toMatch(/EMPLOYER/);
    expect((await stored(placement.id)).status).toBe('CONFIRMED');
    expect(await api.system().em.count(AuditEntry, { objectId: placement.id, action: AuditAction.STATUS_CHANGED })).toBe(0);
  });

  test('refuses a second active placement of the same student (STUDENT_ALREADY_PLACED), unchanged', async () => {
    const active = await given.givenPlacement({ status: PlacementStatus.ACTIVE, startDate: day(-60), endDate: day(-31) });
    const next = await given.givenPlacement({ status: PlacementStatus.CONFIRMED, studentId: active.student.id });
    const res = await api.gql(ineu, transition('activatePlacement'), { input: { placementId: gid('Placement', next) } });
    expect(res.data!.activatePlacement.userErrors.map((e: { code: string }) => e.code)).toContain('STUDENT_ALREADY_PLACED');
    expect((await stored(next.id)).status).toBe('CONFIRMED');
  });

  test('refuses to start outside the placement period (INVALID_PERIOD)', async () => {
    const placement = await given.givenPlacement({ status: PlacementStatus.CONFIRMED, startDate: day(10), endDate: day(40) });
    const res = await api.gql(ineu, transition('activatePlacement'), { input: { placementId: gid('Placement', placement) } });
    expect(res.data!.activatePlacement.userErrors.map((e: { code: string }) => e.code)).toEqual(['INVALID_PERIOD']);
    expect((await stored(placement.id)).status).toBe('CONFIRMED');
  });

  test('suspending needs a reason; resuming re-checks the rules', async () => {
    const placement = await given.givenPlacement({ status: PlacementStatus.ACTIVE });
    const input = { placementId: gid('Placement', placement) };
    const noReason = await api.gql(steel, transition('suspendPlacement'), { input });
    expect(noReason.data!.suspendPlacement.userErrors[0]).toEqual(expect.objectContaining({ code: 'REASON_REQUIRED', field: ['input', 'reason'] }));
    expect((await stored(placement.id)).status).toBe('ACTIVE');
    const suspended = await api.gql(steel, transition('suspendPlacement'), { input: { ...input, reason: 'Sick leave' } });
    expect(suspended.data!.suspendPlacement.placement!.status).toBe('SUSPENDED');
    const resumed = await api.gql(steel, transition('resumePlacement'), { input });
    expect(resumed.data!.resumePlacement.placement!.status).toBe('ACTIVE');
  });

  test('cancelling a completed placement is an INVALID_TRANSITION', async () => {
    const placement = await given.givenPlacement({ status: PlacementStatus.COMPLETED });
    const res = await api.gql(ineu, transition('cancelPlacement'), { input: { placementId: gid('Placement', placement), reason: 'x' } });
    expect(res.data!.cancelPlacement.userErrors[0].code).toBe('INVALID_TRANSITION');
    expect((await stored(placement.id)).status).toBe('COMPLETED');
  });

  test('a regional body sees placements but may not move them (NOT_A_PARTY)', async () => {
    const coordinator = await api.keyFor(BIN.COORDINATOR, 'WRITER');
    const placement = await given.givenPlacement();
    const res = await api.gql(coordinator, transition('confirmPlacement'), { input: { placementId: gid('Placement', placement) } });
    expect(res.data!.confirmPlacement.userErrors[0].code).toBe('NOT_A_PARTY');
    expect((await stored(placement.id)).status).toBe('PLANNED');
  });

  test('a READER key may not change a placement (FORBIDDEN)', async () => {
    const reader = await api.keyFor(BIN.INEU, 'READER');
    const placement = await given.givenPlacement();
    const res = await api.gql(reader, transition('confirmPlacement'), { input: { placementId: gid('Placement', placement) } });
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await stored(placement.id)).status).toBe('PLANNED');
  });

  test('two concurrent activations of one placement: exactly one succeeds, one status change is recorded', async () => {
    const placement = await given.givenPlacement({ status: PlacementStatus.CONFIRMED });
    const input = { placementId: gid('Placement', placement) };
    const [a, b] = await Promise.all([api.gql(ineu, transition('activatePlacement'), { input }), api.gql(steel, transition('activatePlacement'), { input })]);
    const results = [a.data!.activatePlacement, b.data!.activatePlacement];
    expect(results.filter((r) => r.placement?.status === 'ACTIVE')).toHaveLength(1);
    expect(results.filter((r) => r.userErrors[0]?.code === 'INVALID_TRANSITION')).toHaveLength(1);
    expect((await stored(placement.id)).status).toBe('ACTIVE');
    expect(await api.system().em.count(AuditEntry, { objectId: placement.id, action: AuditAction.STATUS_CHANGED })).toBe(1);
  });

  test('two concurrent activations of two placements of one student: only one becomes ACTIVE', async () => {
    const first = await given.givenPlacement({ status: PlacementStatus.CONFIRMED, startDate: day(-60), endDate: day(-1) });
    const student = first.student.id;
    // A second, non-overlapping period that still includes today is impossible; plan it directly.
    const second = await given.givenPlacement({ status: PlacementStatus.CONFIRMED, studentId: student, startDate: day(0), endDate: day(30) });
    await api.system().em.nativeUpdate(Placement, { id: first.id }, { endDate: day(5) });
    const [a, b] = await Promise.all([
      api.gql(ineu, transition('activatePlacement'), { input: { placementId: gid('Placement', first) } }),
      api.gql(ineu, transition('activatePlacement'), { input: { placementId: gid('Placement', second) } }),
    ]);
    const codes = [a.data!.activatePlacement, b.data!.activatePlacement].map((r) => r.placement?.status ?? r.userErrors[0].code);
    expect(codes.sort()).toEqual(['ACTIVE', 'STUDENT_ALREADY_PLACED']);
    expect(await api.system().em.count(Placement, { student, status: PlacementStatus.ACTIVE })).toBe(1);
  });
});

describe('a race on a placement code', () => {
  test('two concurrent createPlacement with one code: one is created, the other is refused with CODE_TAKEN (not INTERNAL_SERVER_ERROR)', async () => {
    const code = `PL-RACE-${Date.now()}`;
    const inputs = [await createInput({ code }), await createInput({ code })];
    // Hold an uncommitted row with that code, so both requests pass the service's own check (the
    // row is invisible to them) and then wait on the unique index: the database settles the race.
    const holder = new Client({ connectionString: api.orm.config.get('clientUrl') as string });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`CREATE TEMP TABLE held ON COMMIT DROP AS SELECT * FROM placement WHERE status = 'PLANNED' LIMIT 1`);
      await holder.query(`UPDATE held SET id = gen_random_uuid(), code = $1`, [code]);
      await holder.query('INSERT INTO placement SELECT * FROM held');
      const before = await placementCount();
      const racing = Promise.all(inputs.map((input) => api.gql(ineu, CREATE, { input })));
      // Wait (no timed assertion) until both requests block on the held row's index entry.
      for (let waiting = 0; waiting < 2;) {
        await new Promise((r) => setTimeout(r, 20));
        const { rows } = await holder.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
        );
        waiting = Number(rows[0]!.n);
      }
      await holder.query('ROLLBACK');
      const results = await racing;
      expect(results.map((r) => r.errors)).toEqual([undefined, undefined]);
      const payloads = results.map((r) => r.data!.createPlacement);
      expect(payloads.filter((p) => p.placement?.code === code)).toHaveLength(1);
      expect(payloads.filter((p) => p.placement === null).map((p) => p.userErrors)).toEqual([
        [expect.objectContaining({ code: 'CODE_TAKEN', field: ['input', 'code'] })],
      ]);
      expect(await placementCount()).toBe(before + 1);
    } finally {
      await holder.end();
    }
  });
});

describe('mentor assignment', () => {
  test('assigns a mentor of the host and records it; a mentor of another employer is refused, unchanged', async () => {
    const placement = await given.givenPlacement({ mentorId: null });
    const mentor = await given.givenMentor(BIN.STEEL_PLANT);
    const ok = await api.gql(steel, ASSIGN_MENTOR, { input: { placementId: gid('Placement', placement), mentorId: gid('Person', mentor) } });
    expect(ok.data!.assignPlacementMentor.placement!.mentor!.id).toBe(gid('Person', mentor));
    const assigned = ok.data!.assignPlacementMentor.placement!.history.nodes.find((n: { action: string }) => n.action === 'MENTOR_ASSIGNED');
    expect(assigned!.before).toEqual({ mentorId: null });
    expect(assigned!.after).toEqual({ mentorId: mentor.id });

    const foreign = await given.givenMentor(BIN.OIL_GAS_PLANT);
    const refused = await api.gql(steel, ASSIGN_MENTOR, { input: { placementId: gid('Placement', placement), mentorId: gid('Person', foreign) } });
    expect(refused.data!.assignPlacementMentor.userErrors).toEqual([{ field: ['input', 'mentorId'], code: 'MENTOR_NOT_AT_HOST' }]);
    expect((await stored(placement.id)).mentor?.id).toBe(mentor.id);
  });
});

describe('activation gates', () => {
  // These tests exercise the hook itself with a gate of their own, on an app built from every
  // module but with readiness's clearance gate left out and a test module's gate in its place; the
  // real clearance gate is covered by tests/integration/readiness-clearance.test.ts and the e2e story.
  let testGate: ActivationGate | undefined;
  const testGateModule = defineModule({
    name: 'test-gate',
    activationGates: () => [
      {
        name: 'test-clearance',
        check: (ctx, placement, startDate) => testGate?.check(ctx, placement, startDate) ?? Promise.resolve([]),
        onActivated: (ctx, em, placement, startDate) => testGate?.onActivated?.(ctx, em, placement, startDate),
      },
    ],
  });
  const main = { api: undefined as unknown as TestApi, given: undefined as unknown as Factories, ineu: '' };
  beforeAll(async () => {
    Object.assign(main, { api, given, ineu });
    api = await startTestApi({ modules: [...MODULES.map((m) => (m.name === 'readiness' ? { ...m, activationGates: undefined } : m)), testGateModule] });
    given = new Factories(api);
    ineu = await api.keyFor(BIN.INEU, 'WRITER');
  });
  afterAll(async () => {
    await api.close();
    ({ api, given, ineu } = main);
  });
  afterEach(() => {
    testGate = undefined;
  });

  test('a registered gate can refuse activation (CLEARANCE_MISSING) and the placement stays CONFIRMED', async () => {
    const hazards = api.hub.app.services.hazards;
    const seen: string[] = [];
    testGate = {
      name: 'test-clearance',
      async check(ctx, placement, startDate) {
        seen.push(startDate);
        const codes = (await hazards.forWorkplace(ctx, placement.workplace.id)).map((h) => h.code);
        return codes.includes('ROBOT_CELL')
          ? [
              {
                field: ['input', 'placementId'],
                code: PlacementErrorCode.CLEARANCE_MISSING,
                message: { kk: 'Рұқсат жоқ: ROBOT_CELL', ru: 'Нет допуска: ROBOT_CELL', en: 'Not cleared for ROBOT_CELL' },
              },
            ]
          : [];
      },
    };
    const hazardous = await given.givenPlacement({ status: PlacementStatus.CONFIRMED, employerBin: BIN.WELDING_CENTRE, workplaceCode: 'EWRC-ROBOT-CELL-1' });
    const refused = await api.gql(ineu, transition('activatePlacement'), { input: { placementId: gid('Placement', hazardous) } });
    expect(refused.data!.activatePlacement.userErrors).toEqual([
      expect.objectContaining({ code: 'CLEARANCE_MISSING', field: ['input', 'placementId'], message: 'Not cleared for ROBOT_CELL' }),
    ]);
    expect((await stored(hazardous.id)).status).toBe('CONFIRMED');
    expect(seen).toEqual([day(0)]);

    const office = await given.givenPlacement({ status: PlacementStatus.CONFIRMED, workplaceCode: 'PMZ-ENGINEERING-OFFICE' });
    const ok = await api.gql(ineu, transition('activatePlacement'), { input: { placementId: gid('Placement', office) } });
    expect(ok.data!.activatePlacement.placement!.status).toBe('ACTIVE');
  });

  test("onActivated runs in the transition's transaction, after every gate passed", async () => {
    const stamped: string[] = [];
    testGate = {
      name: 'test-clearance',
      check: async () => [],
      onActivated: (_ctx, _em, placement) => {
        stamped.push(placement.id);
      },
    };
    const placement = await given.givenPlacement({ status: PlacementStatus.CONFIRMED });
    await api.gql(ineu, transition('activatePlacement'), { input: { placementId: gid('Placement', placement) } });
    expect(stamped).toEqual([placement.id]);
  });
});
