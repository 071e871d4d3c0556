/**
 * What deactivating an organisation means across DualHub (issue 16; SECURITY.md "Deactivated
 * organisations"), over HTTP and graphql-ws on the real PostgreSQL: its keys and its people's
 * sessions stop authenticating (coded), its open sockets close, nothing new names it as a party,
 * and what exists stays readable to those who could read it.
 *
 * Fixtures deactivated here (this file has its own database): Ekibastuz Robotics (an employer)
 * and the Pavlodar Higher Technical College (an HEI), both of the coordinator's region.
 */
import { Agreement } from '../../src/agreements';
import { ConsolidatedOrder, ControlFigure, DemandReason, WorkforceDemand } from '../../src/demand';
import { DualGroup, InstructionLanguage } from '../../src/enrolment';
import { Placement, PlacementStatus } from '../../src/placements';
import { Program } from '../../src/programs';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { day, Factories, gid } from '../support/factories';
import { people } from '../support/people';
import { firstResult, wsClient } from '../support/transports';
import { graphql } from '../support/graphql';

let api: TestApi;
let given: Factories;
const keys: Record<string, string> = {};
const YEAR = new Date().getUTCFullYear();
const PASSWORD = 'correct horse battery staple';
const VIEWER = graphql(`
  {
    viewer {
      role
      organization {
        bin
      }
    }
  }
`);
let ewrcCookie: string;
let confirmed: Placement;
let socketClosedWith: number | undefined;
let socket: ReturnType<typeof wsClient>;

async function deactivate(bin: string): Promise<void> {
  const res = await api.gql(
    keys.COORDINATOR,
    graphql(`
      mutation ($input: DeactivateOrganizationInput!) {
        deactivateOrganization(input: $input) {
          organization {
            active
          }
          userErrors {
            code
          }
        }
      }
    `),
    { input: { organizationId: gid('Organization', await api.orgId(bin)), reason: 'Ceased operations' } },
  );
  expect(res.data!.deactivateOrganization).toEqual({ organization: { active: false }, userErrors: [] });
}

function expectDeactivatedCaller(res: { status: number; errors?: { extensions?: Record<string, any> }[] }) {
  expect(res.status).toBe(401);
  expect(res.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED', reason: 'ORGANIZATION_INACTIVE' }) })]);
}

beforeAll(async () => {
  api = await startTestApi();
  given = new Factories(api);
  for (const [name, bin] of Object.entries({
    COORDINATOR: BIN.COORDINATOR,
    AUTHORITY: BIN.AUTHORITY,
    INEU: BIN.INEU,
    EWRC: BIN.WELDING_CENTRE,
    COLLEGE: BIN.COLLEGE,
    STEEL: BIN.STEEL_PLANT,
  }))
    keys[name] = await api.keyFor(bin);
  keys.EWRC_LAB = await api.keyFor(BIN.WELDING_CENTRE, 'LAB_AGENT');
  // Before the deactivation: a person of the employer signed in, one who also works at the steel
  // plant, a confirmed placement at the employer, and an open socket of its key.
  const p = people(api);
  ewrcCookie = await p.signedIn(keys.EWRC, BIN.WELDING_CENTRE, 'only.ewrc@ewrc.kz', 'STAFF', PASSWORD);
  await p.signedIn(keys.EWRC, BIN.WELDING_CENTRE, 'both@ewrc.kz', 'STAFF', PASSWORD);
  const second = await p.accept(await p.invite(keys.STEEL, BIN.STEEL_PLANT, 'both@ewrc.kz', 'STAFF'), PASSWORD);
  expect(second.status).toBe(200);
  confirmed = await given.givenPlacement({ employerBin: BIN.WELDING_CENTRE, status: PlacementStatus.CONFIRMED, startDate: day(-5), endDate: day(60) });
  socket = wsClient(api, keys.EWRC, (code) => (socketClosedWith = code));
  const first = await firstResult(socket, VIEWER);
  expect(first.data!.viewer.organization.bin).toBe(BIN.WELDING_CENTRE);
  expect((await api.gql(keys.EWRC, VIEWER)).status).toBe(200);

  await deactivate(BIN.WELDING_CENTRE);
  await deactivate(BIN.COLLEGE);
  // Three scrypt password settings and sign-ins besides the start-up: slow on a loaded machine.
}, 180_000);
afterAll(async () => {
  await socket?.dispose();
  await api.close();
});

/** Polls `check` every 20 ms until it holds or `ms` pass. */
async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until && !check()) await new Promise((resolve) => setTimeout(resolve, 20));
  return check();
}

describe('credentials of a deactivated organisation stop authenticating', () => {
  test('its API keys (every role) get 401 UNAUTHENTICATED with reason ORGANIZATION_INACTIVE, at once in this process', async () => {
    expectDeactivatedCaller(await api.gql(keys.EWRC, VIEWER));
    expectDeactivatedCaller(
      await api.gql(
        keys.EWRC_LAB,
        graphql(`
          {
            stations(first: 1) {
              totalCount
            }
          }
        `),
      ),
    );
    expectDeactivatedCaller(await api.gql(keys.COLLEGE, VIEWER));
    // A key that is not valid at all says nothing about any organisation.
    const garbage = await api.gql('dh_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', VIEWER);
    expect(garbage.status).toBe(401);
    expect(garbage.errors![0].extensions).toEqual(expect.not.objectContaining({ reason: expect.anything() }));
    // Other organisations' keys keep working.
    expect((await api.gql(keys.STEEL, VIEWER)).data!.viewer.organization.bin).toBe(BIN.STEEL_PLANT);
  });

  test('a person’s session acting for it gets the same 401; signing in again picks an active membership or is refused', async () => {
    expectDeactivatedCaller(await api.gql(ewrcCookie, VIEWER));
    const p = people(api);
    const only = await p.signIn('only.ewrc@ewrc.kz', PASSWORD);
    expect(only.status).toBe(403);
    expect(only.body.errors[0].extensions.code).toBe('ORGANIZATION_INACTIVE');
    const both = await p.signIn('both@ewrc.kz', PASSWORD);
    expect(both.status).toBe(200);
    expect((await api.gql(p.cookieOf(both.headers), VIEWER)).data!.viewer.organization.bin).toBe(BIN.STEEL_PLANT);
    const inactiveMembership = both.body.memberships.find((m: { organizationBin: string }) => m.organizationBin === BIN.WELDING_CENTRE);
    const chosen = await p.signIn('both@ewrc.kz', PASSWORD, inactiveMembership.id);
    expect(chosen.status).toBe(403);
    expect(chosen.body.errors[0].extensions.code).toBe('ORGANIZATION_INACTIVE');
  });

  test('its open sockets are closed (4403) by the revocation sweep', async () => {
    expect(await eventually(() => socketClosedWith !== undefined, 5000)).toBe(true);
    expect(socketClosedWith).toBe(4403);
  });

  test('no new key is issued for it, and nobody is invited into it', async () => {
    const organizationId = gid('Organization', await api.orgId(BIN.WELDING_CENTRE));
    const issued = await api.gql(
      keys.COORDINATOR,
      graphql(`
        mutation ($input: IssueApiKeyInput!) {
          issueApiKey(input: $input) {
            secret
            userErrors {
              field
              code
            }
          }
        }
      `),
      {
        input: { organizationId, role: 'WRITER', label: 'HR system' },
      },
    );
    expect(issued.data!.issueApiKey).toEqual({ secret: null, userErrors: [{ field: ['input', 'organizationId'], code: 'ORGANIZATION_INACTIVE' }] });
    const invited = await api.gql(
      keys.COORDINATOR,
      graphql(`
        mutation ($input: InvitePersonInput!) {
          invitePerson(input: $input) {
            token
            userErrors {
              field
              code
            }
          }
        }
      `),
      { input: { organizationId, email: 'new@ewrc.kz', fullName: 'New Person', role: 'MENTOR' } },
    );
    expect(invited.data!.invitePerson).toEqual({ token: null, userErrors: [{ field: ['input', 'organizationId'], code: 'ORGANIZATION_INACTIVE' }] });
  });
});

describe('a deactivated organisation is a party to nothing new', () => {
  test('an agreement naming it is refused (ORGANIZATION_INACTIVE at employerId), nothing written', async () => {
    const before = await api.system().em.count(Agreement, {});
    const res = await api.gql(
      keys.INEU,
      graphql(`
        mutation ($input: CreateAgreementInput!) {
          createAgreement(input: $input) {
            agreement {
              id
            }
            userErrors {
              field
              code
              localizedMessage {
                kk
                ru
                en
              }
            }
          }
        }
      `),
      {
        input: {
          number: 'DEACT-1',
          kind: 'NETWORK_INTERACTION',
          heiId: gid('Organization', await api.orgId(BIN.INEU)),
          employerId: gid('Organization', await api.orgId(BIN.WELDING_CENTRE)),
          validFrom: day(-10),
          validTo: day(300),
          remunerationAmount: 170000,
        },
      },
    );
    expect(res.data!.createAgreement.agreement).toBeNull();
    expect(res.data!.createAgreement.userErrors).toEqual([
      expect.objectContaining({
        field: ['input', 'employerId'],
        code: 'ORGANIZATION_INACTIVE',
        localizedMessage: expect.objectContaining({ kk: expect.any(String) }),
      }),
    ]);
    expect(await api.system().em.count(Agreement, {})).toBe(before);
  });

  test('a placement at it is refused (ORGANIZATION_INACTIVE at employerId), nothing written', async () => {
    const student = await given.givenStudent();
    const mentor = await given.givenPerson(BIN.WELDING_CENTRE, 'MENTOR');
    const before = await api.system().em.count(Placement, {});
    const res = await api.gql(
      keys.INEU,
      graphql(`
        mutation ($input: CreatePlacementInput!) {
          createPlacement(input: $input) {
            placement {
              id
            }
            userErrors {
              field
              code
            }
          }
        }
      `),
      {
        input: {
          studentId: gid('Person', student),
          heiId: gid('Organization', await api.orgId(BIN.INEU)),
          employerId: gid('Organization', await api.orgId(BIN.WELDING_CENTRE)),
          workplaceId: gid('Workplace', confirmed.workplace.id),
          agreementId: gid('Agreement', confirmed.agreement.id),
          mentorId: gid('Person', mentor),
          startDate: day(70),
          endDate: day(100),
          timeModel: 'BLOCK',
        },
      },
    );
    expect(res.data!.createPlacement.placement).toBeNull();
    expect(res.data!.createPlacement.userErrors).toEqual(expect.arrayContaining([{ field: ['input', 'employerId'], code: 'ORGANIZATION_INACTIVE' }]));
    expect(await api.system().em.count(Placement, {})).toBe(before);
  });

  test('a placement planned before the deactivation stays, but does not start (ORGANIZATION_INACTIVE); its HEI still reads it', async () => {
    const res = await api.gql(
      keys.INEU,
      graphql(`
        mutation ($input: PlacementTransitionInput!) {
          activatePlacement(input: $input) {
            placement {
              status
            }
            userErrors {
              field
              code
            }
          }
        }
      `),
      { input: { placementId: gid('Placement', confirmed) } },
    );
    expect(res.data!.activatePlacement.placement).toBeNull();
    expect(res.data!.activatePlacement.userErrors).toEqual(expect.arrayContaining([{ field: ['input', 'placementId'], code: 'ORGANIZATION_INACTIVE' }]));
    const read = await api.gql(
      keys.INEU,
      graphql(`
        query ($id: ID!) {
          node(id: $id) {
            ... on Placement {
              status
              employer {
                bin
                active
              }
            }
          }
        }
      `),
      {
        id: gid('Placement', confirmed),
      },
    );
    expect(read.data!.node).toEqual({ status: 'CONFIRMED', employer: { bin: BIN.WELDING_CENTRE, active: false } });
  });

  test('no new dual group of a deactivated HEI (ORGANIZATION_INACTIVE), even from the system', async () => {
    const program = await api.system().em.findOneOrFail(Program, { code: '07140100' });
    const before = await api.system().em.count(DualGroup, {});
    const outcome = await api.hub.app.services.enrolment.createGroup(api.system(), {
      heiId: await api.orgId(BIN.COLLEGE),
      programId: program.id,
      code: 'IA-D9',
      intakeYear: YEAR,
      language: InstructionLanguage.RU,
      places: 5,
    });
    expect(outcome.ok ? [] : outcome.violations.map((v) => v.code)).toEqual(['ORGANIZATION_INACTIVE']);
    expect(await api.system().em.count(DualGroup, {})).toBe(before);
  });

  test('no new demand of a deactivated employer (ORGANIZATION_INACTIVE)', async () => {
    const before = await api.system().em.count(WorkforceDemand, {});
    const outcome = await api.hub.app.services.demand.create(api.system(), {
      employerId: await api.orgId(BIN.WELDING_CENTRE),
      qualificationCode: 'B063',
      counts: [1, 1, 1, 1, 1, 1],
      reason: Object.values(DemandReason)[0],
      offersDualPlaces: false,
    });
    expect(outcome.ok ? [] : outcome.violations.map((v) => v.code)).toEqual(['ORGANIZATION_INACTIVE']);
    expect(await api.system().em.count(WorkforceDemand, {})).toBe(before);
  });

  test('a deactivated HEI executes no order line and gets no control figures (EXECUTOR_NOT_AN_HEI)', async () => {
    const college = gid('Organization', await api.orgId(BIN.COLLEGE));
    const orders = await api.system().em.count(ConsolidatedOrder, {});
    const order = await api.gql(
      keys.COORDINATOR,
      graphql(`
        mutation ($input: CreateConsolidatedOrderInput!) {
          createConsolidatedOrder(input: $input) {
            order {
              id
            }
            userErrors {
              field
              code
            }
          }
        }
      `),
      { input: { year: YEAR + 2, lines: [{ qualificationCode: 'B065', year: YEAR + 2, count: 1, executorId: college, justification: 'test' }] } },
    );
    expect(order.data!.createConsolidatedOrder.userErrors).toEqual([expect.objectContaining({ code: 'EXECUTOR_NOT_AN_HEI' })]);
    expect(await api.system().em.count(ConsolidatedOrder, {})).toBe(orders);
    const program = await api.system().em.findOneOrFail(Program, { code: '07140100' });
    const figures = await api.system().em.count(ControlFigure, {});
    const figure = await api.gql(
      keys.AUTHORITY,
      graphql(`
        mutation ($input: SetControlFigureInput!) {
          setControlFigure(input: $input) {
            controlFigure {
              budgetPlaces
            }
            userErrors {
              field
              code
            }
          }
        }
      `),
      { input: { heiId: college, programId: gid('Program', program), qualificationCode: 'B065', year: YEAR, budgetPlaces: 1, dualPlaces: 1 } },
    );
    expect(figure.data!.setControlFigure.userErrors).toEqual([{ field: ['input', 'heiId'], code: 'EXECUTOR_NOT_AN_HEI' }]);
    expect(await api.system().em.count(ControlFigure, {})).toBe(figures);
  });
});

describe('what exists stays readable', () => {
  test('the coordinator still sees the organisations (active: false) and the college’s seeded dual groups', async () => {
    const orgs = await api.gql(
      keys.COORDINATOR,
      graphql(`
        {
          organizations(first: 100, filter: { active: false }) {
            nodes {
              bin
              active
              deactivatedAt
            }
          }
        }
      `),
    );
    expect(orgs.data!.organizations.nodes.map((o) => o.bin).sort()).toEqual([BIN.COLLEGE, BIN.WELDING_CENTRE].sort());
    const groups = await api.gql(
      keys.COORDINATOR,
      graphql(`
        {
          dualGroups(first: 50) {
            nodes {
              code
              hei {
                bin
                active
              }
            }
          }
        }
      `),
    );
    expect(groups.data!.dualGroups.nodes).toEqual(expect.arrayContaining([{ code: 'IA-D1', hei: { bin: BIN.COLLEGE, active: false } }]));
  });
});
