import { Client } from 'pg';
import { LogbookEntry, LogbookEntryStatus, weekStart } from '../../src/logbook';
import { Placement, PlacementStatus } from '../../src/placements';
import { Competency, Program } from '../../src/programs';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { day, Factories, gid, givenManyPlacements } from '../support/factories';
import { graphql, ofType } from '../support/graphql';

let api: TestApi;
let given: Factories;
let ineu: string;
let steel: string;
let welding: string;
let program: Program;
let competencies: Competency[];
beforeAll(async () => {
  api = await startTestApi();
  given = new Factories(api);
  ineu = await api.keyFor(BIN.INEU, 'WRITER');
  steel = await api.keyFor(BIN.STEEL_PLANT, 'WRITER');
  welding = await api.keyFor(BIN.WELDING_CENTRE, 'WRITER');
  program = await api.system().em.findOneOrFail(Program, { code: '6B07101', hei: { bin: BIN.INEU } });
  competencies = await api.system().em.find(Competency, { program }, { orderBy: { code: 'asc' } });
});
afterAll(() => api.close());

const ENTRY = graphql(`
  fragment EntryFields on LogbookEntry {
    id
    date
    hours
    status
    version
    mentorComment
    competencies {
      code
    }
    corrects {
      id
    }
  }
`);
const PLAN = graphql(`
  mutation ($input: SetPracticePlanInput!) {
    setPracticePlan(input: $input) {
      practicePlan {
        practiceCredits
        program {
          code
        }
      }
      userErrors {
        field
        code
      }
    }
  }
`);
const RECORD = graphql(
  `
    mutation ($input: RecordLogbookEntryInput!) {
      recordLogbookEntry(input: $input) {
        logbookEntry {
          ...EntryFields
        }
        userErrors {
          field
          code
          message
        }
      }
    }
  `,
  [ENTRY],
);
const EDIT = graphql(
  `
    mutation ($input: EditLogbookEntryInput!) {
      editLogbookEntry(input: $input) {
        logbookEntry {
          ...EntryFields
          activity
        }
        userErrors {
          field
          code
          message
        }
      }
    }
  `,
  [ENTRY],
);
const SIGN = graphql(
  `
    mutation ($input: ReviewLogbookEntryInput!) {
      signOffLogbookEntry(input: $input) {
        logbookEntry {
          ...EntryFields
        }
        userErrors {
          field
          code
        }
      }
    }
  `,
  [ENTRY],
);
const RETURN = graphql(
  `
    mutation ($input: ReviewLogbookEntryInput!) {
      returnLogbookEntry(input: $input) {
        logbookEntry {
          ...EntryFields
        }
        userErrors {
          field
          code
        }
      }
    }
  `,
  [ENTRY],
);
const TASK = graphql(`
  mutation ($input: SetWorkAssignmentInput!) {
    setWorkAssignment(input: $input) {
      workAssignment {
        id
        plannedHours
        competencies {
          code
        }
      }
      userErrors {
        field
        code
      }
    }
  }
`);
const PROGRESS = graphql(`
  query ($first: Int) {
    practiceProgress(first: $first) {
      totalCount
      nodes {
        plannedHours
        expectedHoursToDate
        signedHours
        unsignedHours
        competenciesCovered
        competenciesTotal
        competencyShare
        ragStatus
        placement {
          id
        }
      }
    }
  }
`);

/** An ACTIVE placement (30 days ago → 90 ahead, 3 days a week) with a practice plan of 10 credits of INEU's 6B07101. */
async function givenLoggingPlacement(): Promise<Placement> {
  const placement = await given.givenPlacement({ status: PlacementStatus.ACTIVE });
  const res = await api.gql(ineu, PLAN, { input: { placementId: gid('Placement', placement), programId: gid('Program', program), practiceCredits: 10 } });
  expect(res.data!.setPracticePlan.userErrors).toEqual([]);
  return placement;
}

/** The Monday of a week wholly inside the period and in the past, plus `offset` days. */
function pastWeekDay(offset: number): string {
  const monday = weekStart(day(-21));
  return new Date(Date.parse(`${monday}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}

function entryInput(placement: Placement, overrides: Record<string, unknown> = {}) {
  return {
    placementId: gid('Placement', placement),
    studentId: gid('Person', placement.student.id),
    date: pastWeekDay(0),
    hours: 6,
    activity: 'Traced the conveyor interlock with the mentor',
    competencyIds: [gid('Competency', competencies[0]!)],
    ...overrides,
  };
}

/** The content fields of {@link entryInput} with the student, as editLogbookEntry takes them. */
function editInput(placement: Placement, overrides: Record<string, unknown> = {}) {
  const { placementId: _placementId, ...rest } = entryInput(placement, overrides);
  return rest;
}

async function entryCount(placement: Placement): Promise<number> {
  return api.system().em.count(LogbookEntry, { placement: placement.id });
}

async function record(placement: Placement, overrides: Record<string, unknown> = {}, key = ineu) {
  const res = await api.gql(key, RECORD, { input: entryInput(placement, overrides) });
  expect(res.errors).toBeUndefined();
  return res.data!.recordLogbookEntry;
}

async function expectRecordRefused(placement: Placement, overrides: Record<string, unknown>, code: string, field: string[]) {
  const before = await entryCount(placement);
  const payload = await record(placement, overrides);
  expect(payload.logbookEntry).toBeNull();
  expect(payload.userErrors).toEqual(expect.arrayContaining([expect.objectContaining({ code, field })]));
  expect(await entryCount(placement)).toBe(before);
  return payload.userErrors;
}

function sign(placement: Placement, entryId: string, key = steel, mentorId = placement.mentor!.id) {
  return api.gql(key, SIGN, { input: { entryId, mentorId: gid('Person', mentorId) } });
}

describe('practice plan', () => {
  test('refuses the employer setting it (NOT_THE_HEI) and a programme of another HEI, writing nothing', async () => {
    const placement = await given.givenPlacement({ status: PlacementStatus.ACTIVE });
    const byEmployer = await api.gql(steel, PLAN, {
      input: { placementId: gid('Placement', placement), programId: gid('Program', program), practiceCredits: 10 },
    });
    expect(byEmployer.data!.setPracticePlan.userErrors).toEqual([expect.objectContaining({ code: 'NOT_THE_HEI' })]);
    const other = await api.system().em.findOneOrFail(Program, { hei: { bin: BIN.KEEU } });
    const foreign = await api.gql(ineu, PLAN, { input: { placementId: gid('Placement', placement), programId: gid('Program', other), practiceCredits: 0 } });
    expect(foreign.data!.setPracticePlan.userErrors).toEqual([
      expect.objectContaining({ code: 'PROGRAM_NOT_OF_HEI', field: ['input', 'programId'] }),
      expect.objectContaining({ code: 'INVALID_CREDITS', field: ['input', 'practiceCredits'] }),
    ]);
  });
});

describe('logbook limits', () => {
  let placement: Placement;
  beforeAll(async () => {
    placement = await givenLoggingPlacement();
  });

  test('the student records an entry (HEI key + student id); it is SUBMITTED', async () => {
    const payload = await record(placement);
    expect(payload.userErrors).toEqual([]);
    expect(payload.logbookEntry).toEqual(expect.objectContaining({ status: 'SUBMITTED', hours: 6, competencies: [{ code: competencies[0]!.code }] }));
  });

  test('refuses more than the legal day (8 h by default) in one entry or summed over the day, naming the total', async () => {
    await expectRecordRefused(placement, { date: pastWeekDay(1), hours: 8.5 }, 'DAY_LIMIT_EXCEEDED', ['input', 'hours']);
    const errors = await expectRecordRefused(placement, { hours: 2.5 }, 'DAY_LIMIT_EXCEEDED', ['input', 'hours']);
    expect(errors[0].message).toContain('8.5 h > 8 h');
    expect((await record(placement, { hours: 2 })).userErrors).toEqual([]);
  });

  test('refuses a day in the future and a day outside the placement period', async () => {
    await expectRecordRefused(placement, { date: day(1) }, 'DATE_IN_FUTURE', ['input', 'date']);
    await expectRecordRefused(placement, { date: day(-31) }, 'OUTSIDE_PLACEMENT_PERIOD', ['input', 'date']);
  });

  test('DAYS_PER_WEEK 3: a fourth day in one week is a day off', async () => {
    expect((await record(placement, { date: pastWeekDay(1), hours: 4 })).userErrors).toEqual([]);
    expect((await record(placement, { date: pastWeekDay(2), hours: 4 })).userErrors).toEqual([]);
    await expectRecordRefused(placement, { date: pastWeekDay(3), hours: 4 }, 'DAY_OFF', ['input', 'date']);
  });

  test('refuses a person who is not the placement’s student, another party’s key, a competency of another programme, zero hours', async () => {
    const stranger = await given.givenStudent();
    await expectRecordRefused(placement, { studentId: gid('Person', stranger) }, 'NOT_THE_STUDENT', ['input', 'studentId']);
    const otherProgram = await api.system().em.findOneOrFail(Competency, { program: { hei: { bin: BIN.KEEU } } });
    await expectRecordRefused(placement, { competencyIds: [gid('Competency', otherProgram)] }, 'COMPETENCY_NOT_IN_PROGRAM', ['input', 'competencyIds']);
    await expectRecordRefused(placement, { hours: 0 }, 'INVALID_HOURS', ['input', 'hours']);
    const res = await api.gql(welding, RECORD, { input: entryInput(placement) });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  test('the norms are data: a lower legal day in logbook_norm refuses what 8 h allowed', async () => {
    const other = await givenLoggingPlacement();
    const em = api.system().em;
    await em.getConnection().execute(`update logbook_norm set max_hours_per_day = 4 where code = 'default'`);
    try {
      await expectRecordRefused(other, { hours: 5 }, 'DAY_LIMIT_EXCEEDED', ['input', 'hours']);
    } finally {
      await em.getConnection().execute(`update logbook_norm set max_hours_per_day = 8 where code = 'default'`);
    }
  });
});

describe('sign-off, return, immutability, corrections', () => {
  test('the mentor signs off; a signed entry cannot be edited (ENTRY_SIGNED) and stays unchanged', async () => {
    const placement = await givenLoggingPlacement();
    const entry = (await record(placement)).logbookEntry;
    const signed = await sign(placement, entry!.id);
    expect(signed.data!.signOffLogbookEntry.logbookEntry!.status).toBe('SIGNED');
    const edit = await api.gql(ineu, EDIT, {
      input: { ...editInput(placement), entryId: entry!.id, expectedVersion: signed.data!.signOffLogbookEntry.logbookEntry!.version, hours: 3 },
    });
    expect(edit.data!.editLogbookEntry.userErrors).toEqual([expect.objectContaining({ code: 'ENTRY_SIGNED', field: ['input', 'entryId'] })]);
    const stored = await api.system().em.findOneOrFail(LogbookEntry, { placement: placement.id });
    expect(Number(stored.hours)).toBe(6);
    expect((await sign(placement, entry!.id)).data!.signOffLogbookEntry.userErrors).toEqual([expect.objectContaining({ code: 'ENTRY_SIGNED' })]);
  });

  test('only the placement’s mentor with the employer’s key signs off', async () => {
    const placement = await givenLoggingPlacement();
    const entry = (await record(placement)).logbookEntry;
    const otherMentor = await given.givenMentor();
    expect((await sign(placement, entry!.id, steel, otherMentor.id)).data!.signOffLogbookEntry.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_THE_MENTOR', field: ['input', 'mentorId'] }),
    ]);
    expect((await sign(placement, entry!.id, ineu)).data!.signOffLogbookEntry.userErrors).toEqual([expect.objectContaining({ code: 'NOT_THE_MENTOR' })]);
    expect((await api.system().em.findOneOrFail(LogbookEntry, { id: fromGid(entry!.id) })).status).toBe(LogbookEntryStatus.SUBMITTED);
  });

  test('a return needs a comment; a returned entry is edited and SUBMITTED again, then signed', async () => {
    const placement = await givenLoggingPlacement();
    const entry = (await record(placement)).logbookEntry;
    const noComment = await api.gql(steel, RETURN, { input: { entryId: entry!.id, mentorId: gid('Person', placement.mentor!.id) } });
    expect(noComment.data!.returnLogbookEntry.userErrors).toEqual([expect.objectContaining({ code: 'COMMENT_REQUIRED', field: ['input', 'comment'] })]);
    const returned = await api.gql(steel, RETURN, {
      input: { entryId: entry!.id, mentorId: gid('Person', placement.mentor!.id), comment: 'Say which rung you changed' },
    });
    expect(returned.data!.returnLogbookEntry.logbookEntry).toEqual(
      expect.objectContaining({ status: 'RETURNED', mentorComment: 'Say which rung you changed' }),
    );
    const version = returned.data!.returnLogbookEntry.logbookEntry!.version;
    const edited = await api.gql(ineu, EDIT, {
      input: { ...editInput(placement), entryId: entry!.id, expectedVersion: version, activity: 'Changed rung 14 of the interlock' },
    });
    expect(edited.data!.editLogbookEntry.logbookEntry).toEqual(expect.objectContaining({ status: 'SUBMITTED', activity: 'Changed rung 14 of the interlock' }));
    expect((await sign(placement, entry!.id)).data!.signOffLogbookEntry.logbookEntry!.status).toBe('SIGNED');
  });

  test('an edit based on an old version is refused (CONCURRENT_CHANGE) and writes nothing', async () => {
    const placement = await givenLoggingPlacement();
    const entry = (await record(placement)).logbookEntry;
    const first = await api.gql(ineu, EDIT, { input: { ...editInput(placement), entryId: entry!.id, expectedVersion: entry!.version, hours: 5 } });
    expect(first.data!.editLogbookEntry.userErrors).toEqual([]);
    const stale = await api.gql(ineu, EDIT, { input: { ...editInput(placement), entryId: entry!.id, expectedVersion: entry!.version, hours: 4 } });
    expect(stale.data!.editLogbookEntry.userErrors).toEqual([expect.objectContaining({ code: 'CONCURRENT_CHANGE', field: ['input', 'expectedVersion'] })]);
    expect(Number((await api.system().em.findOneOrFail(LogbookEntry, { id: fromGid(entry!.id) })).hours)).toBe(5);
  });

  test('concurrent sign-off and edit of one entry: the sign-off wins, the edit loses with CONCURRENT_CHANGE, the signed content is unchanged', async () => {
    const placement = await givenLoggingPlacement();
    const entry = (await record(placement)).logbookEntry;
    const holder = new Client({ connectionString: api.orm.config.get('clientUrl') as string });
    await holder.connect();
    const waiting = async (n: number) => {
      for (let seen = 0; seen < n;) {
        await new Promise((r) => setTimeout(r, 20));
        const { rows } = await holder.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
        );
        seen = Number(rows[0]!.n);
      }
    };
    try {
      // Hold the entry row so both requests queue on it: the sign-off first, then the edit (which has already read version 1).
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM logbook_entry WHERE id = $1 FOR UPDATE', [fromGid(entry!.id)]);
      const signOff = sign(placement, entry!.id);
      await waiting(1);
      const edit = api.gql(ineu, EDIT, {
        input: { ...editInput(placement), entryId: entry!.id, expectedVersion: entry!.version, hours: 1, activity: 'edited' },
      });
      await waiting(2);
      await holder.query('ROLLBACK');
      const [signed, edited] = await Promise.all([signOff, edit]);
      expect(signed.data!.signOffLogbookEntry.logbookEntry!.status).toBe('SIGNED');
      expect(edited.errors).toBeUndefined();
      expect(edited.data!.editLogbookEntry.logbookEntry).toBeNull();
      expect(edited.data!.editLogbookEntry.userErrors).toEqual([expect.objectContaining({ code: 'CONCURRENT_CHANGE' })]);
      const stored = await api.system().em.findOneOrFail(LogbookEntry, { id: fromGid(entry!.id) });
      expect(stored.status).toBe(LogbookEntryStatus.SIGNED);
      expect(Number(stored.hours)).toBe(6);
      expect(stored.activity).not.toBe('edited');
    } finally {
      await holder.end();
    }
  });

  test('a correction references a signed entry; once signed it replaces it in the signed hours; an unsigned entry cannot be "corrected"', async () => {
    const placement = await givenLoggingPlacement();
    const original = (await record(placement, { hours: 6 })).logbookEntry;
    await expectRecordRefused(placement, { correctsId: original!.id, hours: 7 }, 'CORRECTS_NOT_SIGNED', ['input', 'correctsId']);
    await sign(placement, original!.id);
    // 6 h signed + a 7 h correction of the same day is fine: the correction replaces the original in the day's total.
    const correction = await record(placement, { correctsId: original!.id, hours: 7 });
    expect(correction.userErrors).toEqual([]);
    expect(correction.logbookEntry!.corrects).toEqual({ id: original!.id });
    await sign(placement, correction.logbookEntry!.id);
    const [progress] = await api.hub.app.services.logbook.progress(api.system(), [placement.id]);
    expect(progress!.signedHours).toBe(7);
  });
});

describe('work assignments', () => {
  test('the mentor sets a task with competencies of the programme; another person or a foreign competency is refused', async () => {
    const placement = await givenLoggingPlacement();
    const input = {
      placementId: gid('Placement', placement),
      mentorId: gid('Person', placement.mentor!.id),
      title: { kk: 'Тапсырма', ru: 'Задание', en: 'Task' },
      competencyIds: [gid('Competency', competencies[1]!)],
      plannedHours: 12,
      dueDate: day(10),
    };
    const ok = await api.gql(steel, TASK, { input });
    expect(ok.data!.setWorkAssignment.workAssignment).toEqual(expect.objectContaining({ plannedHours: 12, competencies: [{ code: competencies[1]!.code }] }));
    const stranger = await given.givenMentor();
    expect((await api.gql(steel, TASK, { input: { ...input, mentorId: gid('Person', stranger) } })).data!.setWorkAssignment.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_THE_MENTOR' }),
    ]);
    expect((await api.gql(steel, TASK, { input: { ...input, dueDate: day(200) } })).data!.setWorkAssignment.userErrors).toEqual([
      expect.objectContaining({ code: 'OUTSIDE_PLACEMENT_PERIOD', field: ['input', 'dueDate'] }),
    ]);
    const task = ok.data!.setWorkAssignment.workAssignment!.id;
    expect((await record(placement, { assignmentIds: [task] })).userErrors).toEqual([]);
    const elsewhere = await givenLoggingPlacement();
    await expectRecordRefused(elsewhere, { assignmentIds: [task] }, 'ASSIGNMENT_NOT_OF_PLACEMENT', ['input', 'assignmentIds']);
  });
});

describe('progress', () => {
  test('planned hours from the practice credits (10 × 30 h), signed vs unsigned hours, competency share and RAG status', async () => {
    const placement = await givenLoggingPlacement();
    const signedEntry = (await record(placement, { hours: 8 })).logbookEntry;
    await sign(placement, signedEntry!.id);
    await record(placement, { date: pastWeekDay(1), hours: 4, competencyIds: [gid('Competency', competencies[1]!)] });
    const [p] = await api.hub.app.services.logbook.progress(api.system(), [placement.id]);
    // 30 of 121 days elapsed (day -30 … day 90 inclusive, today is day 31): expected 300 × 31/121 ≈ 76.86 h; 8 signed → BEHIND.
    expect(p).toEqual(
      expect.objectContaining({
        plannedHours: 300,
        signedHours: 8,
        unsignedHours: 4,
        competenciesCovered: 1,
        competenciesTotal: competencies.length,
        ragStatus: 'BEHIND',
      }),
    );
    expect(p!.expectedHoursToDate).toBeCloseTo((300 * 31) / 121, 1);
  });

  test('the curator’s progress query costs the same number of SQL statements for 5 and for 50 placements', async () => {
    await givenManyPlacements(api, 60);
    const coordinator = await api.keyFor(BIN.INEU, 'READER');
    await api.gql(coordinator, PROGRESS, { first: 1 }); // the key's first use writes its last-used time
    api.resetQueries();
    const small = await api.gql(coordinator, PROGRESS, { first: 5 });
    const smallCount = api.queries.length;
    api.resetQueries();
    const large = await api.gql(coordinator, PROGRESS, { first: 50 });
    const largeCount = api.queries.length;
    expect(small.data!.practiceProgress.nodes).toHaveLength(5);
    expect(large.data!.practiceProgress.nodes).toHaveLength(50);
    expect(largeCount).toBe(smallCount);
  });

  test('the progress query counts the visible placements only when totalCount is asked for', async () => {
    const coordinator = await api.keyFor(BIN.INEU, 'READER');
    await api.gql(coordinator, PROGRESS, { first: 1 });
    api.resetQueries();
    const uncounted = await api.gql(
      coordinator,
      graphql(`
        query {
          practiceProgress(first: 3) {
            nodes {
              ragStatus
            }
          }
        }
      `),
    );
    expect(uncounted.data!.practiceProgress.nodes).toHaveLength(3);
    expect(api.queries.filter((sql) => /select count\(/i.test(sql))).toEqual([]);
    api.resetQueries();
    const counted = await api.gql(
      coordinator,
      graphql(`
        query {
          practiceProgress(first: 3) {
            totalCount
            nodes {
              ragStatus
            }
          }
        }
      `),
    );
    expect(counted.data!.practiceProgress.totalCount).toBeGreaterThanOrEqual(3);
    expect(api.queries.filter((sql) => /select count\(/i.test(sql))).toHaveLength(1);
  });
});

describe('scoping', () => {
  test('another employer sees no entry by node(id:), no logbook through the placement, no row in practiceProgress', async () => {
    const placement = await givenLoggingPlacement();
    const entry = (await record(placement)).logbookEntry;
    const node = graphql(`
      query ($id: ID!) {
        node(id: $id) {
          id
          ... on LogbookEntry {
            hours
          }
        }
      }
    `);
    expect((await api.gql(welding, node, { id: entry!.id })).data!.node).toBeNull();
    expect((await api.gql(steel, node, { id: entry!.id })).data!.node).toEqual({ id: entry!.id, hours: 6 });
    const nested = graphql(`
      query ($id: ID!) {
        node(id: $id) {
          ... on Placement {
            logbookEntries {
              totalCount
            }
            practiceProgress {
              signedHours
            }
          }
        }
      }
    `);
    expect((await api.gql(welding, nested, { id: gid('Placement', placement) })).data!.node).toBeNull();
    expect(ofType((await api.gql(ineu, nested, { id: gid('Placement', placement) })).data!.node, 'Placement').logbookEntries.totalCount).toBe(1);
    const listed = (await api.gql(welding, PROGRESS, { first: 100 })).data!.practiceProgress.nodes.map((n: any) => n.placement?.id);
    expect(listed).not.toContain(gid('Placement', placement));
    expect((await sign(placement, entry!.id, welding)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

function fromGid(id: string): string {
  return Buffer.from(id, 'base64url').toString('utf8').split(':')[1]!;
}

describe('tripartite progress reviews', () => {
  const SCHEDULE = graphql(`
    mutation ($input: ScheduleProgressReviewInput!) {
      scheduleProgressReview(input: $input) {
        progressReview {
          id
          status
          version
        }
        userErrors {
          field
          code
        }
      }
    }
  `);
  const HOLD = graphql(`
    mutation ($input: RecordProgressReviewInput!) {
      recordProgressReview(input: $input) {
        progressReview {
          id
          status
          heldOn
          weakPoints
        }
        userErrors {
          field
          code
        }
      }
    }
  `);
  const SIGN_REVIEW = graphql(`
    mutation ($input: SignProgressReviewInput!) {
      signProgressReview(input: $input) {
        progressReview {
          id
          status
          signatures {
            party
            comment
          }
        }
        userErrors {
          field
          code
        }
      }
    }
  `);

  async function givenHeldReview() {
    const placement = await given.givenPlacement({ status: PlacementStatus.ACTIVE });
    const curator = await given.givenPerson(BIN.INEU, 'CURATOR', 'Curator');
    const assigned = await api.hub.app.services.placements.assignCurator(api.system(), placement.id, curator.id);
    expect(assigned.ok).toBe(true);
    const scheduled = await api.gql(ineu, SCHEDULE, { input: { placementId: gid('Placement', placement), scheduledOn: day(-2) } });
    const review = scheduled.data!.scheduleProgressReview.progressReview;
    expect(review!.status).toBe('SCHEDULED');
    return { placement, curator, review };
  }

  test('scheduled, held with weak points and actions, signed by student, mentor and curator → SIGNED; then frozen', async () => {
    const { placement, curator, review } = await givenHeldReview();
    const early = await api.gql(ineu, SIGN_REVIEW, { input: { reviewId: review!.id, party: 'STUDENT', personId: gid('Person', placement.student.id) } });
    expect(early.data!.signProgressReview.userErrors).toEqual([expect.objectContaining({ code: 'REVIEW_NOT_HELD' })]);
    const held = await api.gql(steel, HOLD, {
      input: { reviewId: review!.id, heldOn: day(-1), weakPoints: 'Reads ladder logic slowly', actions: 'Two exercises on the PLC trainer' },
    });
    expect(held.data!.recordProgressReview.progressReview).toEqual(expect.objectContaining({ status: 'HELD', heldOn: day(-1) }));
    const signs = [
      { key: ineu, party: 'STUDENT', personId: placement.student.id },
      { key: steel, party: 'MENTOR', personId: placement.mentor!.id },
      { key: ineu, party: 'CURATOR', personId: curator.id },
    ] as const;
    let last: any;
    for (const s of signs) {
      last = await api.gql(s.key, SIGN_REVIEW, {
        input: { reviewId: review!.id, party: s.party, personId: gid('Person', s.personId), comment: `${s.party} agrees` },
      });
      expect(last.data!.signProgressReview.userErrors).toEqual([]);
    }
    expect(last.data!.signProgressReview.progressReview.status).toBe('SIGNED');
    expect(last.data!.signProgressReview.progressReview.signatures.map((s: any) => s.party)).toEqual(['STUDENT', 'MENTOR', 'CURATOR']);
    const again = await api.gql(ineu, SIGN_REVIEW, { input: { reviewId: review!.id, party: 'STUDENT', personId: gid('Person', placement.student.id) } });
    expect(again.data!.signProgressReview.userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_SIGNED_BY_PARTY' })]);
    const rewrite = await api.gql(ineu, HOLD, { input: { reviewId: review!.id, heldOn: day(-1), weakPoints: 'none', actions: 'none' } });
    expect(rewrite.data!.recordProgressReview.userErrors).toEqual([expect.objectContaining({ code: 'REVIEW_SIGNED' })]);
  });

  test('each party signs only as itself: the mentor with the employer key, the curator with the HEI key', async () => {
    const { placement, curator, review } = await givenHeldReview();
    await api.gql(steel, HOLD, { input: { reviewId: review!.id, heldOn: day(-1), weakPoints: 'w', actions: 'a' } });
    const mentorByHei = await api.gql(ineu, SIGN_REVIEW, { input: { reviewId: review!.id, party: 'MENTOR', personId: gid('Person', placement.mentor!.id) } });
    expect(mentorByHei.data!.signProgressReview.userErrors).toEqual([expect.objectContaining({ code: 'NOT_THE_MENTOR', field: ['input', 'personId'] })]);
    const curatorByEmployer = await api.gql(steel, SIGN_REVIEW, { input: { reviewId: review!.id, party: 'CURATOR', personId: gid('Person', curator.id) } });
    expect(curatorByEmployer.data!.signProgressReview.userErrors).toEqual([expect.objectContaining({ code: 'NOT_THE_CURATOR' })]);
    const wrongStudent = await api.gql(ineu, SIGN_REVIEW, { input: { reviewId: review!.id, party: 'STUDENT', personId: gid('Person', curator.id) } });
    expect(wrongStudent.data!.signProgressReview.userErrors).toEqual([expect.objectContaining({ code: 'NOT_THE_STUDENT' })]);
    const foreign = await api.gql(welding, SIGN_REVIEW, { input: { reviewId: review!.id, party: 'MENTOR', personId: gid('Person', placement.mentor!.id) } });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  test('refuses a review held in the future or scheduled outside the period', async () => {
    const { placement, review } = await givenHeldReview();
    const future = await api.gql(steel, HOLD, { input: { reviewId: review!.id, heldOn: day(2), weakPoints: 'w', actions: 'a' } });
    expect(future.data!.recordProgressReview.userErrors).toEqual([expect.objectContaining({ code: 'DATE_IN_FUTURE', field: ['input', 'heldOn'] })]);
    const outside = await api.gql(ineu, SCHEDULE, { input: { placementId: gid('Placement', placement), scheduledOn: day(300) } });
    expect(outside.data!.scheduleProgressReview.userErrors).toEqual([
      expect.objectContaining({ code: 'OUTSIDE_PLACEMENT_PERIOD', field: ['input', 'scheduledOn'] }),
    ]);
  });
});

describe('fixtures', () => {
  test('PL-2026-0001 has a month of signed entries, two tasks and a signed review, and its progress counts them', async () => {
    const query = graphql(`
      query ($id: ID!) {
        node(id: $id) {
          ... on Placement {
            code
            practicePlan {
              practiceCredits
              program {
                code
              }
            }
            logbookEntries(first: 20) {
              totalCount
              nodes {
                status
              }
            }
            workAssignments {
              totalCount
            }
            progressReviews {
              nodes {
                status
                weakPoints
                signatures {
                  party
                }
              }
            }
            practiceProgress {
              plannedHours
              signedHours
              competenciesCovered
              competenciesTotal
            }
          }
        }
      }
    `);
    const row = await api.system().em.findOneOrFail(Placement, { code: 'PL-2026-0001' });
    const res = await api.gql(ineu, query, { id: gid('Placement', row) });
    expect(res.errors).toBeUndefined();
    const fixture = res.data!.node;
    expect(ofType(fixture, 'Placement').practicePlan).toEqual({ practiceCredits: 10, program: { code: '6B07101' } });
    expect(ofType(fixture, 'Placement').logbookEntries.totalCount).toBe(12);
    expect(new Set(ofType(fixture, 'Placement').logbookEntries.nodes.map((n: any) => n.status))).toEqual(new Set(['SIGNED']));
    expect(ofType(fixture, 'Placement').workAssignments.totalCount).toBe(2);
    expect(ofType(fixture, 'Placement').progressReviews.nodes).toEqual([
      expect.objectContaining({ status: 'SIGNED', signatures: [{ party: 'STUDENT' }, { party: 'MENTOR' }, { party: 'CURATOR' }] }),
    ]);
    expect(ofType(fixture, 'Placement').practiceProgress).toEqual(expect.objectContaining({ plannedHours: 300, signedHours: 84, competenciesCovered: 3 }));
  });
});
