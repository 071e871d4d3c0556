/**
 * From demand to admission over HTTP on the real PostgreSQL: organisation registration, workforce
 * demand, the agreed and consolidated orders, control figures and the pipeline; every rule, and
 * the three roads (node, connection, nested field) to rows of another organisation.
 */
import { ConsolidatedOrder, ControlFigure, DemandReason, DemandStatus, LineDecision, OrderLine, WorkforceDemand } from '../../src/demand';
import { Organization } from '../../src/organizations';
import { Program as ProgramEntity } from '../../src/programs';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { gid } from '../support/factories';
import { graphql, ofType, type VariablesOf } from '../support/graphql';

let api: TestApi;
const keys: Record<string, string> = {};
const YEAR = new Date().getUTCFullYear();

beforeAll(async () => {
  api = await startTestApi();
  for (const [name, bin] of Object.entries({
    COORDINATOR: BIN.COORDINATOR,
    AUTHORITY: BIN.AUTHORITY,
    COUNCIL: BIN.COUNCIL,
    STEEL: BIN.STEEL_PLANT,
    EWRC: BIN.WELDING_CENTRE,
    OGE: BIN.OIL_GAS_PLANT,
    INEU: BIN.INEU,
    COLLEGE: BIN.COLLEGE,
    WKATU: BIN.WKATU,
  })) {
    keys[name] = await api.keyFor(bin);
  }
});
afterAll(() => api.close());

async function count(entity: Parameters<ReturnType<TestApi['system']>['em']['count']>[0]): Promise<number> {
  return api.system().em.count(entity, {});
}

const PIPELINE = graphql(`
  query ($input: PipelineInput) {
    pipeline(input: $input) {
      year
      demand
      agreedOrder
      approvedOrder
      acceptedOrder
      budgetPlaces
      dualPlaces
    }
  }
`);

describe('the pipeline (fixtures: one year of Pavlodar)', () => {
  test('the coordinator sees demand → agreed → approved → accepted → control figures for this year', async () => {
    const res = await api.gql(keys.COORDINATOR, PIPELINE, { input: { fromYear: YEAR, toYear: YEAR + 1 } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.pipeline[0]).toEqual({ year: YEAR, demand: 36, agreedOrder: 36, approvedOrder: 36, acceptedOrder: 36, budgetPlaces: 28, dualPlaces: 22 });
    // next year: only the employers' demand exists (12+8+12+4)
    expect(res.data!.pipeline[1]).toEqual({ year: YEAR + 1, demand: 36, agreedOrder: 0, approvedOrder: 0, acceptedOrder: 0, budgetPlaces: 0, dualPlaces: 0 });
  });

  test('filters by qualification and by HEI; an HEI sees only what concerns it', async () => {
    const byQ = await api.gql(keys.AUTHORITY, PIPELINE, { input: { fromYear: YEAR, toYear: YEAR, qualificationCode: 'B063' } });
    expect(byQ.data!.pipeline).toEqual([{ year: YEAR, demand: 18, agreedOrder: 18, approvedOrder: 18, acceptedOrder: 18, budgetPlaces: 18, dualPlaces: 12 }]);
    const ineu = await api.gql(keys.INEU, PIPELINE, { input: { fromYear: YEAR, toYear: YEAR } });
    expect(ineu.data!.pipeline).toEqual([
      { year: YEAR, demand: null, agreedOrder: null, approvedOrder: 26, acceptedOrder: 26, budgetPlaces: 18, dualPlaces: 12 },
    ]);
    // an HEI asking for another HEI still gets its own figures
    const other = await api.gql(keys.INEU, PIPELINE, { input: { fromYear: YEAR, toYear: YEAR, heiId: gid('Organization', await api.orgId(BIN.COLLEGE)) } });
    expect(other.data!.pipeline[0].approvedOrder).toBe(26);
  });

  test('an industry council sees its own industry only; another region and employers are refused', async () => {
    const asked = await api.gql(keys.COUNCIL, PIPELINE, { input: { fromYear: YEAR, toYear: YEAR, industry: 'J' } });
    expect(asked.data!.pipeline[0].demand).toBe(36); // its industry C replaces J
    const region = await api.gql(keys.COORDINATOR, PIPELINE, { input: { region: 'KOSTANAY' } });
    expect(region.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const employer = await api.gql(keys.STEEL, PIPELINE, {});
    expect(employer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  test('is one SQL statement whatever the number of rows', async () => {
    const measure = async () => {
      api.resetQueries();
      const res = await api.gql(keys.COORDINATOR, PIPELINE, {});
      expect(res.errors).toBeUndefined();
      // The key's authentication is not part of the pipeline (cached for a second: under load it may run in one measure only).
      const all = api.queries.filter((q) => !/\bapi_key\b/.test(q)).length;
      return { all, pipeline: api.queries.filter((q) => q.includes('workforce_demand')).length, rows: res.data!.pipeline };
    };
    const before = await measure();
    const em = api.system().em;
    const steel = await em.findOneOrFail(Organization, { bin: BIN.STEEL_PLANT });
    for (let i = 0; i < 200; i++) {
      em.create(WorkforceDemand, {
        employer: steel,
        region: 'PAVLODAR',
        industry: 'C',
        qualificationCode: 'B064',
        baseYear: YEAR,
        counts: [1, 1, 1, 1, 1, 1],
        reason: DemandReason.VACANCIES,
        status: DemandStatus.SUBMITTED,
      });
    }
    await em.flush();
    const after = await measure();
    expect(after.rows[0].demand).toBe(before.rows[0].demand! + 200);
    expect(after.pipeline).toBe(1);
    expect(after.all).toBe(before.all);
    await em.nativeDelete(WorkforceDemand, { qualificationCode: 'B064' });
  });
});

const REGISTER = graphql(`
  mutation ($input: RegisterOrganizationInput!) {
    registerOrganization(input: $input) {
      organization {
        id
        bin
        kind
        industry
        active
        region
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
  }
`);
const NAME = { kk: 'Сынақ ЖШС', ru: 'ТОО «Тест»', en: 'Test LLP' };

describe('registering organisations', () => {
  const input = (bin: string, extra: Partial<VariablesOf<typeof REGISTER>['input']> = {}): VariablesOf<typeof REGISTER>['input'] => ({
    bin,
    kind: 'EMPLOYER',
    region: 'PAVLODAR',
    industry: 'B',
    name: NAME,
    ...extra,
  });

  test('the coordinator registers an employer of its region; a BIN with a wrong check digit, a taken BIN and an unknown industry are refused', async () => {
    const ok = await api.gql(keys.COORDINATOR, REGISTER, { input: input('990140000097') });
    expect(ok.data!.registerOrganization.userErrors).toEqual([]);
    expect(ok.data!.registerOrganization.organization).toMatchObject({ bin: '990140000097', kind: 'EMPLOYER', industry: 'B', active: true });
    const orgs = await count(Organization);
    const taken = await api.gql(keys.COORDINATOR, REGISTER, { input: input('990140000097') });
    expect(taken.data!.registerOrganization.userErrors).toMatchObject([{ field: ['input', 'bin'], code: 'BIN_TAKEN' }]);
    const checksum = await api.gql(keys.COORDINATOR, REGISTER, { input: input('990140000098') });
    expect(checksum.data!.registerOrganization.userErrors).toMatchObject([{ field: ['input', 'bin'], code: 'BIN_CHECKSUM' }]);
    expect(checksum.data!.registerOrganization.userErrors[0].localizedMessage.kk).toMatch(/БСН/);
    const format = await api.gql(keys.COORDINATOR, REGISTER, { input: input('12345') });
    expect(format.data!.registerOrganization.userErrors).toMatchObject([{ code: 'BIN_INVALID' }]);
    const industry = await api.gql(keys.COORDINATOR, REGISTER, { input: input('000000000101', { industry: 'Z' }) });
    expect(industry.data!.registerOrganization.userErrors).toMatchObject([{ field: ['input', 'industry'], code: 'UNKNOWN_INDUSTRY' }]);
    const hei = await api.gql(keys.COORDINATOR, REGISTER, { input: input('000000000101', { kind: 'HEI', industry: null }) });
    expect(hei.data!.registerOrganization.userErrors).toMatchObject([{ field: ['input', 'heiType'], code: 'HEI_TYPE_REQUIRED' }]);
    expect(await count(Organization)).toBe(orgs);
  });

  test('only the coordinator, only in its own region', async () => {
    const employer = await api.gql(keys.STEEL, REGISTER, { input: input('000000000101') });
    expect(employer.data!.registerOrganization.userErrors).toMatchObject([{ code: 'NOT_COORDINATOR' }]);
    const region = await api.gql(keys.COORDINATOR, REGISTER, { input: input('000000000101', { region: 'KOSTANAY' }) });
    expect(region.data!.registerOrganization.userErrors).toMatchObject([{ field: ['input', 'region'], code: 'NOT_YOUR_REGION' }]);
  });

  test('of two concurrent registrations of one BIN exactly one wins, the other gets BIN_TAKEN', async () => {
    const [a, b] = await Promise.all([1, 2].map(() => api.gql(keys.COORDINATOR, REGISTER, { input: input('000000000101') })));
    const codes = [a, b].map((r) => r.data!.registerOrganization.userErrors.map((e) => e.code).join());
    expect(codes.sort()).toEqual(['', 'BIN_TAKEN']);
  });

  test('an organisation is deactivated with a reason, never deleted, and it is audited', async () => {
    const id = gid('Organization', await api.orgId('000000000101'));
    const DEACTIVATE = graphql(`
      mutation ($input: DeactivateOrganizationInput!) {
        deactivateOrganization(input: $input) {
          organization {
            active
            deactivatedAt
          }
          userErrors {
            field
            code
          }
        }
      }
    `);
    const noReason = await api.gql(keys.COORDINATOR, DEACTIVATE, { input: { organizationId: id, reason: ' ' } });
    expect(noReason.data!.deactivateOrganization.userErrors).toMatchObject([{ code: 'REASON_REQUIRED' }]);
    const ok = await api.gql(keys.COORDINATOR, DEACTIVATE, { input: { organizationId: id, reason: 'Ceased operations' } });
    expect(ok.data!.deactivateOrganization.organization!.active).toBe(false);
    const again = await api.gql(keys.COORDINATOR, DEACTIVATE, { input: { organizationId: id, reason: 'again' } });
    expect(again.data!.deactivateOrganization.userErrors).toMatchObject([{ code: 'ALREADY_INACTIVE' }]);
    const listed = await api.gql(
      keys.COORDINATOR,
      graphql(`
        {
          organizations(first: 100, filter: { active: false }) {
            nodes {
              bin
            }
          }
        }
      `),
    );
    expect(listed.data!.organizations.nodes).toEqual([{ bin: '000000000101' }]);
    const otherRegion = await api.gql(keys.COORDINATOR, DEACTIVATE, {
      input: { organizationId: gid('Organization', await api.orgId(BIN.OIL_GAS_PLANT)), reason: 'x' },
    });
    expect(otherRegion.data!.deactivateOrganization.userErrors).toMatchObject([{ code: 'ORGANIZATION_NOT_FOUND' }]);
  });

  test("the coordinator's designation act is recorded and visible to its region, not to an HEI", async () => {
    const coordinatorId = gid('Organization', await api.orgId(BIN.COORDINATOR));
    const RECORD = graphql(`
      mutation ($input: RecordCoordinatorDesignationInput!) {
        recordCoordinatorDesignation(input: $input) {
          designation {
            basis
            actNumber
            actDate
          }
          userErrors {
            field
            code
          }
        }
      }
    `);
    const future = await api.gql(keys.COORDINATOR, RECORD, { input: { coordinatorId, basis: 'AKIM_DECISION', actNumber: '15', actDate: `${YEAR + 1}-01-01` } });
    expect(future.data!.recordCoordinatorDesignation.userErrors).toMatchObject([{ field: ['input', 'actDate'], code: 'ACT_DATE_INVALID' }]);
    const ok = await api.gql(keys.AUTHORITY, RECORD, { input: { coordinatorId, basis: 'AKIM_DECISION', actNumber: '15', actDate: `${YEAR}-01-10` } });
    expect(ok.data!.recordCoordinatorDesignation.designation).toEqual({ basis: 'AKIM_DECISION', actNumber: '15', actDate: `${YEAR}-01-10` });
    const Q = graphql(`
      query ($id: ID!) {
        node(id: $id) {
          ... on Organization {
            designations {
              actNumber
            }
          }
        }
      }
    `);
    expect(ofType((await api.gql(keys.AUTHORITY, Q, { id: coordinatorId })).data!.node, 'Organization').designations).toEqual([{ actNumber: '15' }]);
    expect(ofType((await api.gql(keys.INEU, Q, { id: coordinatorId })).data!.node, 'Organization').designations).toEqual([]);
    const byHei = await api.gql(keys.INEU, RECORD, { input: { coordinatorId, basis: 'AKIM_DECISION', actNumber: '16', actDate: `${YEAR}-01-10` } });
    expect(byHei.data!.recordCoordinatorDesignation.userErrors).toMatchObject([{ code: 'ORGANIZATION_NOT_FOUND' }]);
  });
});

const DEMAND = graphql(`
  fragment DemandPayloadFields on WorkforceDemandPayload {
    demand {
      id
      status
      version
      counts {
        year
        count
      }
      supersedesId
      history {
        totalCount
      }
    }
    userErrors {
      field
      code
      message
    }
  }
`);
const CREATE = graphql(
  `
    mutation ($input: CreateWorkforceDemandInput!) {
      createWorkforceDemand(input: $input) {
        ...DemandPayloadFields
      }
    }
  `,
  [DEMAND],
);
const UPDATE = graphql(
  `
    mutation ($input: UpdateWorkforceDemandInput!) {
      updateWorkforceDemand(input: $input) {
        ...DemandPayloadFields
      }
    }
  `,
  [DEMAND],
);
const SUBMIT = graphql(
  `
    mutation ($input: WorkforceDemandTransitionInput!) {
      submitWorkforceDemand(input: $input) {
        ...DemandPayloadFields
      }
    }
  `,
  [DEMAND],
);
const WITHDRAW = graphql(
  `
    mutation ($input: WorkforceDemandTransitionInput!) {
      withdrawWorkforceDemand(input: $input) {
        ...DemandPayloadFields
      }
    }
  `,
  [DEMAND],
);
type DemandInput = VariablesOf<typeof CREATE>['input'];
const demandInput = (extra: Partial<DemandInput> = {}): DemandInput => ({
  qualificationCode: 'B064',
  counts: [3, 3, 4, 4, 5, 5],
  reason: 'NEW_JOBS',
  offersDualPlaces: true,
  dualPlaces: 2,
  mentors: 1,
  ...extra,
});

describe('workforce demand', () => {
  test('bad input is refused naming the field, and nothing is written', async () => {
    const before = await count(WorkforceDemand);
    const cases: [Record<string, unknown>, string[], string][] = [
      [{ qualificationCode: 'X999' }, ['input', 'qualificationCode'], 'UNKNOWN_QUALIFICATION'],
      [{ counts: [1, 2, -3, 4, 5, 6] }, ['input', 'counts', '2'], 'NEGATIVE_COUNT'],
      [{ counts: [1, 2, 3] }, ['input', 'counts'], 'COUNTS_LENGTH'],
      [{ mentors: -1 }, ['input', 'mentors'], 'NEGATIVE_COUNT'],
      [{ offersDualPlaces: false, dualPlaces: 3 }, ['input', 'dualPlaces'], 'DUAL_PLACES_WITHOUT_OFFER'],
    ];
    for (const [extra, field, code] of cases) {
      const res = await api.gql(keys.STEEL, CREATE, { input: demandInput(extra) });
      expect(res.data!.createWorkforceDemand.userErrors).toMatchObject([{ field, code }]);
    }
    const hei = await api.gql(keys.INEU, CREATE, { input: demandInput() });
    expect(hei.data!.createWorkforceDemand.userErrors).toMatchObject([{ code: 'NOT_AN_EMPLOYER' }]);
    expect(await count(WorkforceDemand)).toBe(before);
  });

  test('DRAFT → SUBMITTED is immutable; a correction supersedes it; WITHDRAWN is final; all audited', async () => {
    const draft = (await api.gql(keys.STEEL, CREATE, { input: demandInput() })).data!.createWorkforceDemand.demand;
    expect(draft).toMatchObject({
      status: 'DRAFT',
      version: 1,
      counts: [{ year: YEAR, count: 3 }, ...[3, 4, 4, 5, 5].map((c, i) => ({ year: YEAR + i + 1, count: c }))],
    });
    const edited = await api.gql(keys.STEEL, UPDATE, { input: { ...demandInput({ counts: [4, 4, 4, 4, 4, 4] }), demandId: draft!.id } });
    expect(edited.data!.updateWorkforceDemand.demand!.counts[0].count).toBe(4);
    expect((await api.gql(keys.STEEL, SUBMIT, { input: { demandId: draft!.id } })).data!.submitWorkforceDemand.demand!.status).toBe('SUBMITTED');
    const immutable = await api.gql(keys.STEEL, UPDATE, { input: { ...demandInput(), demandId: draft!.id } });
    expect(immutable.data!.updateWorkforceDemand.userErrors).toMatchObject([{ field: ['input', 'demandId'], code: 'DEMAND_IMMUTABLE' }]);

    const v2 = (await api.gql(keys.STEEL, CREATE, { input: demandInput({ supersedesId: draft!.id, counts: [5, 5, 5, 5, 5, 5] }) })).data!.createWorkforceDemand
      .demand;
    expect(v2).toMatchObject({ status: 'DRAFT', version: 2, supersedesId: draft!.id });
    expect((await api.gql(keys.STEEL, SUBMIT, { input: { demandId: v2!.id } })).data!.submitWorkforceDemand.demand!.status).toBe('SUBMITTED');
    const old = await api.gql(
      keys.STEEL,
      graphql(`
        query ($id: ID!) {
          node(id: $id) {
            ... on WorkforceDemand {
              status
              history {
                totalCount
                nodes {
                  action
                }
              }
            }
          }
        }
      `),
      {
        id: draft!.id,
      },
    );
    expect(old.data!.node).toMatchObject({ status: 'SUPERSEDED', history: { totalCount: 3 } });
    const supersedeAgain = await api.gql(keys.STEEL, CREATE, { input: demandInput({ supersedesId: draft!.id }) });
    expect(supersedeAgain.data!.createWorkforceDemand.userErrors).toMatchObject([{ field: ['input', 'supersedesId'], code: 'SUPERSEDES_NOT_SUBMITTED' }]);

    expect(
      (await api.gql(keys.STEEL, WITHDRAW, { input: { demandId: v2!.id, reason: 'plant line postponed' } })).data!.withdrawWorkforceDemand.demand!.status,
    ).toBe('WITHDRAWN');
    const twice = await api.gql(keys.STEEL, WITHDRAW, { input: { demandId: v2!.id } });
    expect(twice.data!.withdrawWorkforceDemand.userErrors).toMatchObject([{ code: 'INVALID_TRANSITION' }]);
  });

  test('scoping: employer its own; council its industry in its region; coordinator its region; HEI nothing (connection, node, mutation)', async () => {
    // A Pavlodar employer of another industry (B, mining) and an employer of another region state demand too.
    const miner = (
      await api.gql(keys.COORDINATOR, REGISTER, { input: { bin: '000000000209', kind: 'EMPLOYER', region: 'PAVLODAR', industry: 'B', name: NAME } })
    ).data!.registerOrganization;
    expect(miner.userErrors).toEqual([]);
    const minerKey = await api.keyFor('000000000209');
    const minerDemand = (await api.gql(minerKey, CREATE, { input: demandInput({ qualificationCode: 'B071' }) })).data!.createWorkforceDemand.demand;
    await api.gql(minerKey, SUBMIT, { input: { demandId: minerDemand!.id } });
    await api.hub.app.services.demand.create(api.system(), {
      ...demandInput(),
      reason: DemandReason.NEW_JOBS,
      employerId: await api.orgId(BIN.OIL_GAS_PLANT),
    });

    const LIST = graphql(`
      {
        workforceDemands(first: 100) {
          totalCount
          nodes {
            id
            qualificationCode
            employer {
              bin
            }
          }
        }
      }
    `);
    const bins = async (key: string) => [...new Set((await api.gql(key, LIST)).data!.workforceDemands.nodes.map((n) => n.employer?.bin))].sort();
    expect(await bins(keys.STEEL)).toEqual([BIN.STEEL_PLANT]);
    expect(await bins(keys.EWRC)).toEqual([BIN.WELDING_CENTRE]);
    expect(await bins(keys.COUNCIL)).toEqual([BIN.STEEL_PLANT, BIN.WELDING_CENTRE]); // industry C only: not the miner, not Uralsk
    expect(await bins(keys.COORDINATOR)).toEqual(['000000000209', BIN.STEEL_PLANT, BIN.WELDING_CENTRE].sort());
    expect((await api.gql(keys.INEU, LIST)).data!.workforceDemands.totalCount).toBe(0);

    const NODE = graphql(`
      query ($id: ID!) {
        node(id: $id) {
          id
        }
      }
    `);
    expect((await api.gql(keys.COUNCIL, NODE, { id: minerDemand!.id })).data!.node).toBeNull();
    expect((await api.gql(keys.STEEL, NODE, { id: minerDemand!.id })).data!.node).toBeNull();
    expect((await api.gql(keys.COORDINATOR, NODE, { id: minerDemand!.id })).data!.node).toEqual({ id: minerDemand!.id });
    const foreign = await api.gql(keys.STEEL, WITHDRAW, { input: { demandId: minerDemand!.id } });
    expect(foreign.data!.withdrawWorkforceDemand.userErrors).toMatchObject([{ code: 'DEMAND_NOT_FOUND' }]);
  });
});

describe("the industry council's agreed order", () => {
  const AGREE = graphql(`
    mutation ($input: AgreeIndustryOrderInput!) {
      agreeIndustryOrder(input: $input) {
        lines {
          qualificationCode
          year
          count
        }
        userErrors {
          field
          code
        }
      }
    }
  `);
  const line = (extra: Record<string, unknown> = {}) => ({ qualificationCode: 'B064', year: YEAR + 1, count: 9, requirements: 'CNC machining', ...extra });

  test('refuses another industry, years outside now..now+5, negative counts, duplicates; only a council', async () => {
    const res = await api.gql(keys.COUNCIL, AGREE, {
      input: {
        lines: [
          line({ qualificationCode: 'B057' }),
          line({ year: YEAR + 6 }),
          line({ count: -1, year: YEAR + 2 }),
          line({ year: YEAR - 1 }),
          line({ year: YEAR + 2 }),
        ],
      },
    });
    expect(res.data!.agreeIndustryOrder.userErrors.map((e) => `${e.field.join('.')}:${e.code}`)).toEqual([
      'input.lines.0.qualificationCode:QUALIFICATION_NOT_IN_INDUSTRY',
      'input.lines.1.year:YEAR_OUT_OF_RANGE',
      'input.lines.2.count:NEGATIVE_COUNT',
      'input.lines.3.year:YEAR_OUT_OF_RANGE',
      'input.lines.4:DUPLICATE_LINE',
    ]);
    const employer = await api.gql(keys.STEEL, AGREE, { input: { lines: [line()] } });
    expect(employer.data!.agreeIndustryOrder.userErrors).toMatchObject([{ code: 'NOT_AN_INDUSTRY_COUNCIL' }]);
    const ok = await api.gql(keys.COUNCIL, AGREE, { input: { lines: [line()] } });
    expect(ok.data!.agreeIndustryOrder.lines).toEqual([{ qualificationCode: 'B064', year: YEAR + 1, count: 9 }]);
    const LIST = graphql(`
      {
        industryOrderLines(first: 100) {
          totalCount
        }
      }
    `);
    expect((await api.gql(keys.COORDINATOR, LIST)).data!.industryOrderLines.totalCount).toBe(4);
    expect((await api.gql(keys.STEEL, LIST)).data!.industryOrderLines.totalCount).toBe(0);
  });
});

const ORDER = graphql(`
  fragment OrderPayloadFields on ConsolidatedOrderPayload {
    order {
      id
      status
      lines {
        id
        qualificationCode
        count
        decision
        executor {
          bin
        }
      }
    }
    userErrors {
      field
      code
    }
  }
`);
describe('the consolidated order', () => {
  let orderId: string;
  let lines: { id: string; qualificationCode: string }[];

  test('a line above submitted demand needs a justification; one order per region and year; bad years and executors refused', async () => {
    const ineu = gid('Organization', await api.orgId(BIN.INEU));
    const CREATE_ORDER = graphql(
      `
        mutation ($input: CreateConsolidatedOrderInput!) {
          createConsolidatedOrder(input: $input) {
            ...OrderPayloadFields
          }
        }
      `,
      [ORDER],
    );
    const before = await count(ConsolidatedOrder);
    // next year's B063 demand is 12 + 4 = 16
    const over = await api.gql(keys.COORDINATOR, CREATE_ORDER, {
      input: { year: YEAR + 1, lines: [{ qualificationCode: 'B063', year: YEAR + 1, count: 20, executorId: ineu }] },
    });
    expect(over.data!.createConsolidatedOrder.userErrors).toEqual([{ field: ['input', 'lines', '0', 'justification'], code: 'EXCEEDS_DEMAND' }]);
    const bad = await api.gql(keys.COORDINATOR, CREATE_ORDER, {
      input: {
        year: YEAR + 1,
        lines: [
          { qualificationCode: 'NOPE', year: YEAR + 1, count: 1 },
          { qualificationCode: 'B065', year: YEAR + 9, count: 1 },
          { qualificationCode: 'B065', year: YEAR + 1, count: 1, executorId: gid('Organization', await api.orgId(BIN.STEEL_PLANT)) },
        ],
      },
    });
    expect(bad.data!.createConsolidatedOrder.userErrors.map((e) => e.code)).toEqual(['UNKNOWN_QUALIFICATION', 'YEAR_OUT_OF_RANGE', 'EXECUTOR_NOT_AN_HEI']);
    const exists = await api.gql(keys.COORDINATOR, CREATE_ORDER, { input: { year: YEAR, lines: [{ qualificationCode: 'B063', year: YEAR, count: 1 }] } });
    expect(exists.data!.createConsolidatedOrder.userErrors).toMatchObject([{ field: ['input', 'year'], code: 'ORDER_EXISTS' }]);
    const notCoordinator = await api.gql(keys.AUTHORITY, CREATE_ORDER, {
      input: { year: YEAR + 1, lines: [{ qualificationCode: 'B063', year: YEAR + 1, count: 1 }] },
    });
    expect(notCoordinator.data!.createConsolidatedOrder.userErrors).toMatchObject([{ code: 'NOT_THE_COORDINATOR' }]);
    expect(await count(ConsolidatedOrder)).toBe(before);

    const ok = await api.gql(keys.COORDINATOR, CREATE_ORDER, {
      input: {
        year: YEAR + 1,
        lines: [
          { qualificationCode: 'B063', year: YEAR + 1, count: 20, executorId: ineu, justification: 'New robot welding line opens in the spring' },
          { qualificationCode: 'B065', year: YEAR + 1, count: 5 },
        ],
      },
    });
    expect(ok.data!.createConsolidatedOrder.userErrors).toEqual([]);
    orderId = ok.data!.createConsolidatedOrder.order!.id;
    lines = ok.data!.createConsolidatedOrder.order!.lines;
    expect(ok.data!.createConsolidatedOrder.order!.status).toBe('DRAFT');
  });

  test('DRAFT → AGREED by the council → APPROVED by the authority (needs executors, number, date) → PLACED', async () => {
    const APPROVE = graphql(
      `
        mutation ($input: ApproveConsolidatedOrderInput!) {
          approveConsolidatedOrder(input: $input) {
            ...OrderPayloadFields
          }
        }
      `,
      [ORDER],
    );
    const AGREE = graphql(
      `
        mutation ($input: ConsolidatedOrderInput!) {
          agreeConsolidatedOrder(input: $input) {
            ...OrderPayloadFields
          }
        }
      `,
      [ORDER],
    );
    const PLACE = graphql(
      `
        mutation ($input: ConsolidatedOrderInput!) {
          placeConsolidatedOrder(input: $input) {
            ...OrderPayloadFields
          }
        }
      `,
      [ORDER],
    );
    const ASSIGN = graphql(`
      mutation ($input: AssignOrderLineExecutorInput!) {
        assignOrderLineExecutor(input: $input) {
          line {
            executor {
              bin
            }
          }
          userErrors {
            code
          }
        }
      }
    `);
    const today = new Date().toISOString().slice(0, 10);
    const early = await api.gql(keys.AUTHORITY, APPROVE, { input: { orderId, number: 'A-1', date: today } });
    expect(early.data!.approveConsolidatedOrder.userErrors.map((e) => e.code)).toEqual(['LINES_NOT_AGREED', 'EXECUTOR_MISSING']);
    const placeEarly = await api.gql(keys.COORDINATOR, PLACE, { input: { orderId } });
    expect(placeEarly.data!.placeConsolidatedOrder.userErrors).toMatchObject([{ code: 'INVALID_TRANSITION' }]);
    expect((await api.gql(keys.COUNCIL, AGREE, { input: { orderId } })).data!.agreeConsolidatedOrder.order!.status).toBe('AGREED');
    const nothing = await api.gql(keys.COUNCIL, AGREE, { input: { orderId } });
    expect(nothing.data!.agreeConsolidatedOrder.userErrors).toMatchObject([{ code: 'INVALID_TRANSITION' }]);
    const noExecutor = await api.gql(keys.AUTHORITY, APPROVE, { input: { orderId, number: 'A-1', date: today } });
    expect(noExecutor.data!.approveConsolidatedOrder.userErrors).toEqual([{ field: ['input', 'orderId'], code: 'EXECUTOR_MISSING' }]);
    const b065 = lines.find((l) => l.qualificationCode === 'B065')!;
    const college = gid('Organization', await api.orgId(BIN.COLLEGE));
    expect(
      (await api.gql(keys.COORDINATOR, ASSIGN, { input: { lineId: b065.id, executorId: college } })).data!.assignOrderLineExecutor.line!.executor!.bin,
    ).toBe(BIN.COLLEGE);
    const future = await api.gql(keys.AUTHORITY, APPROVE, { input: { orderId, number: ' ', date: `${YEAR + 1}-12-31` } });
    expect(future.data!.approveConsolidatedOrder.userErrors.map((e) => e.field.join('.'))).toEqual(['input.number', 'input.date']);
    const byCoordinator = await api.gql(keys.COORDINATOR, APPROVE, { input: { orderId, number: 'A-1', date: today } });
    expect(byCoordinator.data!.approveConsolidatedOrder.userErrors).toMatchObject([{ code: 'NOT_THE_AUTHORITY' }]);
    expect((await api.gql(keys.AUTHORITY, APPROVE, { input: { orderId, number: 'A-1', date: today } })).data!.approveConsolidatedOrder.order!.status).toBe(
      'APPROVED',
    );
    // an HEI does not see the order before it is placed
    expect(
      (
        await api.gql(
          keys.INEU,
          graphql(`
            query ($id: ID!) {
              node(id: $id) {
                id
              }
            }
          `),
          { id: orderId },
        )
      ).data!.node,
    ).toBeNull();
    expect((await api.gql(keys.COORDINATOR, PLACE, { input: { orderId } })).data!.placeConsolidatedOrder.order!.status).toBe('PLACED');
    const history = await api.gql(
      keys.COORDINATOR,
      graphql(`
        query ($id: ID!) {
          node(id: $id) {
            ... on ConsolidatedOrder {
              history {
                nodes {
                  action
                }
                totalCount
              }
            }
          }
        }
      `),
      { id: orderId },
    );
    expect(ofType(history.data!.node, 'ConsolidatedOrder').history.totalCount).toBe(4); // created, agreed, approved, placed
  });

  test('each HEI sees only its lines (node, connection, nested field) and accepts or declines them', async () => {
    const DECIDE = graphql(`
      mutation ($input: DecideOrderLineInput!) {
        decideOrderLine(input: $input) {
          line {
            decision
            decisionReason
          }
          userErrors {
            field
            code
          }
        }
      }
    `);
    const [b063, b065] = ['B063', 'B065'].map((q) => lines.find((l) => l.qualificationCode === q)!);
    const LIST = graphql(`
      query ($year: Int) {
        consolidatedOrders(first: 10, filter: { year: $year }) {
          nodes {
            id
            lines {
              qualificationCode
            }
          }
        }
      }
    `);
    expect((await api.gql(keys.INEU, LIST, { year: YEAR + 1 })).data!.consolidatedOrders.nodes).toEqual([
      { id: orderId, lines: [{ qualificationCode: 'B063' }] },
    ]);
    expect((await api.gql(keys.COLLEGE, LIST, { year: YEAR + 1 })).data!.consolidatedOrders.nodes).toEqual([
      { id: orderId, lines: [{ qualificationCode: 'B065' }] },
    ]);
    expect((await api.gql(keys.WKATU, LIST, { year: YEAR + 1 })).data!.consolidatedOrders.nodes).toEqual([]);
    expect((await api.gql(keys.STEEL, LIST, {})).data!.consolidatedOrders.nodes).toEqual([]);
    expect(
      (
        await api.gql(
          keys.INEU,
          graphql(`
            query ($id: ID!) {
              node(id: $id) {
                id
              }
            }
          `),
          { id: b065.id },
        )
      ).data!.node,
    ).toBeNull();

    const notMine = await api.gql(keys.INEU, DECIDE, { input: { lineId: b065.id, accept: true } });
    expect(notMine.data!.decideOrderLine.userErrors).toMatchObject([{ code: 'LINE_NOT_FOUND' }]); // not visible to it: not told apart from absent
    const noReason = await api.gql(keys.COLLEGE, DECIDE, { input: { lineId: b065.id, accept: false } });
    expect(noReason.data!.decideOrderLine.userErrors).toEqual([{ field: ['input', 'reason'], code: 'REASON_REQUIRED' }]);
    expect(
      (await api.gql(keys.COLLEGE, DECIDE, { input: { lineId: b065.id, accept: false, reason: 'No robot-cell trainers yet' } })).data!.decideOrderLine.line!
        .decision,
    ).toBe('DECLINED');
    expect((await api.gql(keys.INEU, DECIDE, { input: { lineId: b063.id, accept: true } })).data!.decideOrderLine.line!.decision).toBe('ACCEPTED');
    const twice = await api.gql(keys.INEU, DECIDE, { input: { lineId: b063.id, accept: false, reason: 'changed mind' } });
    expect(twice.data!.decideOrderLine.userErrors).toMatchObject([{ code: 'ALREADY_DECIDED' }]);
    expect(await api.system().em.count(OrderLine, { decision: LineDecision.ACCEPTED })).toBe(4);
  });
});

describe('admission control figures', () => {
  const SET = graphql(`
    mutation ($input: SetControlFigureInput!) {
      setControlFigure(input: $input) {
        controlFigure {
          budgetPlaces
          dualPlaces
          hei {
            bin
          }
        }
        userErrors {
          field
          code
        }
      }
    }
  `);
  let input: VariablesOf<typeof SET>['input'];
  beforeAll(async () => {
    const em = api.system().em;
    const program = await em.findOneOrFail(ProgramEntity, { code: '6B07101' });
    input = {
      heiId: gid('Organization', await api.orgId(BIN.INEU)),
      programId: gid('Program', program),
      qualificationCode: 'B063',
      year: YEAR + 1,
      budgetPlaces: 20,
      dualPlaces: 10,
    };
  });

  test('refuses figures above the approved order without a justification, dual above budget, a programme of another HEI; only the authority', async () => {
    const before = await count(ControlFigure);
    const over = await api.gql(keys.AUTHORITY, SET, { input: { ...input, budgetPlaces: 25 } });
    expect(over.data!.setControlFigure.userErrors).toEqual([{ field: ['input', 'justification'], code: 'EXCEEDS_ORDER' }]);
    const dual = await api.gql(keys.AUTHORITY, SET, { input: { ...input, dualPlaces: 21 } });
    expect(dual.data!.setControlFigure.userErrors).toEqual([{ field: ['input', 'dualPlaces'], code: 'DUAL_ABOVE_BUDGET' }]);
    const collegeProgram = await api.system().em.findOneOrFail(ProgramEntity, { code: '07140100' });
    const program = await api.gql(keys.AUTHORITY, SET, { input: { ...input, programId: gid('Program', collegeProgram), year: YEAR + 7, budgetPlaces: -1 } });
    expect(program.data!.setControlFigure.userErrors.map((e) => e.code)).toEqual(['PROGRAM_NOT_AT_HEI', 'YEAR_OUT_OF_RANGE', 'NEGATIVE_COUNT']);
    const declined = await api.gql(keys.AUTHORITY, SET, {
      input: {
        ...input,
        heiId: gid('Organization', await api.orgId(BIN.COLLEGE)),
        programId: gid('Program', collegeProgram),
        qualificationCode: 'B065',
        budgetPlaces: 5,
        dualPlaces: 5,
      },
    });
    expect(declined.data!.setControlFigure.userErrors).toMatchObject([{ code: 'EXCEEDS_ORDER' }]); // the college declined its line
    const coordinator = await api.gql(keys.COORDINATOR, SET, { input });
    expect(coordinator.data!.setControlFigure.userErrors).toMatchObject([{ code: 'NOT_THE_AUTHORITY' }]);
    expect(await count(ControlFigure)).toBe(before);
    const ok = await api.gql(keys.AUTHORITY, SET, { input });
    expect(ok.data!.setControlFigure.controlFigure).toEqual({ budgetPlaces: 20, dualPlaces: 10, hei: { bin: BIN.INEU } });
  });

  test('an HEI sees its own figures only; an employer none', async () => {
    const LIST = graphql(`
      {
        controlFigures(first: 50) {
          nodes {
            year
            budgetPlaces
            hei {
              bin
            }
          }
        }
      }
    `);
    const bins = async (key: string) => [...new Set((await api.gql(key, LIST)).data!.controlFigures.nodes.map((n) => n.hei!.bin))].sort();
    expect(await bins(keys.INEU)).toEqual([BIN.INEU]);
    expect(await bins(keys.COLLEGE)).toEqual([BIN.COLLEGE]);
    expect(await bins(keys.STEEL)).toEqual([]);
    expect(await bins(keys.AUTHORITY)).toEqual([BIN.INEU, BIN.COLLEGE].sort());
    const pipeline = await api.gql(keys.AUTHORITY, PIPELINE, { input: { fromYear: YEAR + 1, toYear: YEAR + 1, qualificationCode: 'B063' } });
    expect(pipeline.data!.pipeline).toEqual([
      { year: YEAR + 1, demand: 16, agreedOrder: 0, approvedOrder: 20, acceptedOrder: 20, budgetPlaces: 20, dualPlaces: 10 },
    ]);
  });
});
