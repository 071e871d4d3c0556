/**
 * Scoping gaps found by probing the API as a tenant (issue 12, items 7–10): each test names the
 * road to a row the caller must not reach, and fails on the code before the fix.
 */
import { AgreementParty } from '../../src/agreements';
import { createContext } from '../../src/db/context';
import { fromGlobalId, toGlobalId } from '../../src/graphql/relay';
import { createLogger } from '../../src/logger';
import { TimeModel } from '../../src/placements';
import { Workplace } from '../../src/workplaces';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { day, Factories } from '../support/factories';
import { ReadinessFactories } from '../support/readiness-factories';
import { graphql } from '../support/graphql';

let api: TestApi;
let factories: Factories;
let readiness: ReadinessFactories;

beforeAll(async () => {
  api = await startTestApi();
  factories = new Factories(api);
  readiness = new ReadinessFactories(api);
});
afterAll(() => api.close());

const WORKPLACE_BY_ID = graphql(`
  query ($id: ID!) {
    node(id: $id) {
      ... on Workplace {
        code
      }
    }
  }
`);

async function callerContext(key: string) {
  const caller = await api.hub.app.services.apiKeys.authenticate(api.orm.em.fork(), key, new Date());
  if (!caller) throw new Error('callerContext: key not valid');
  return createContext({ orm: api.orm, caller, log: createLogger('silent'), visibility: api.hub.app.visibility });
}

describe('an HEI sees an employer’s workplaces only through an agreement the employer signed and has not terminated', () => {
  test('a draft the HEI made alone grants nothing; the employer’s signature does; termination takes it back', async () => {
    const hei = await api.keyFor(BIN.WKATU, 'WRITER');
    const workplace = await factories.workplace('PMZ-ENGINEERING-OFFICE');
    const id = toGlobalId('Workplace', workplace.id);
    expect((await api.gql(hei, WORKPLACE_BY_ID, { id })).data?.node).toBeNull();

    const drafted = await api.gql(
      hei,
      graphql(`
        mutation ($input: CreateAgreementInput!) {
          createAgreement(input: $input) {
            agreement {
              id
              status
            }
            userErrors {
              code
            }
          }
        }
      `),
      {
        input: {
          number: `WKATU-PMZ-PROBE-${Date.now()}`,
          kind: 'NETWORK_INTERACTION',
          heiId: toGlobalId('Organization', await api.orgId(BIN.WKATU)),
          employerId: toGlobalId('Organization', await api.orgId(BIN.STEEL_PLANT)),
          validFrom: day(-10),
          validTo: day(300),
          remunerationAmount: 100000,
        },
      },
    );
    expect(drafted.data?.createAgreement.userErrors).toEqual([]);
    expect((await api.gql(hei, WORKPLACE_BY_ID, { id })).data?.node).toBeNull();
    expect(
      (
        await api.gql(
          hei,
          graphql(`
            query {
              workplaces(first: 100) {
                nodes {
                  code
                }
              }
            }
          `),
        )
      ).data?.workplaces.nodes,
    ).not.toContainEqual({ code: workplace.code });

    const agreementId = drafted.data!.createAgreement.agreement!.id as string;
    const rowId = fromGlobalId(agreementId, 'Agreement');
    const signed = await api.hub.app.services.agreements.sign(api.system(), rowId, AgreementParty.EMPLOYER);
    expect(signed.ok).toBe(true);
    expect((await api.gql(hei, WORKPLACE_BY_ID, { id })).data?.node).toEqual({ code: workplace.code });

    const terminated = await api.hub.app.services.agreements.terminate(api.system(), rowId, 'probe over');
    expect(terminated.ok).toBe(true);
    expect((await api.gql(hei, WORKPLACE_BY_ID, { id })).data?.node).toBeNull();
  });
});

describe('API keys are seen by their organisation; only the coordinator sees the region’s', () => {
  test('the authority and the industry council read only their own keys; the coordinator reads the region’s', async () => {
    const heiKey = await api.keyFor(BIN.INEU, 'READER');
    const heiPrefix = heiKey.split('_')[1];
    const query = graphql(`
      query {
        apiKeys(first: 100) {
          nodes {
            prefix
          }
        }
      }
    `);
    for (const bin of [BIN.AUTHORITY, BIN.COUNCIL]) {
      const key = await api.keyFor(bin, 'ADMIN');
      const prefixes = ((await api.gql(key, query)).data?.apiKeys.nodes as { prefix: string }[]).map((n) => n.prefix);
      expect(prefixes).toContain(key.split('_')[1]);
      expect(prefixes).not.toContain(heiPrefix);
    }
    const coordinator = await api.keyFor(BIN.COORDINATOR, 'ADMIN');
    const prefixes = ((await api.gql(coordinator, query)).data?.apiKeys.nodes as { prefix: string }[]).map((n) => n.prefix);
    expect(prefixes).toContain(heiPrefix);
  });
});

describe('a row loaded unscoped by a rule check does not escape the scope later in the same request', () => {
  test('after createPlacement checked another employer’s workplace unscoped, a scoped look-up of it in the same context finds nothing', async () => {
    const ctx = await callerContext(await api.keyFor(BIN.WKATU, 'WRITER'));
    const workplace = await factories.workplace('PMZ-ENGINEERING-OFFICE');
    const student = await factories.givenStudent(BIN.WKATU);
    const agreement = await factories.givenAgreement({ heiBin: BIN.INEU, employerBin: BIN.STEEL_PLANT });
    const refused = await api.hub.app.services.placements.create(ctx, {
      studentId: student.id,
      heiId: await api.orgId(BIN.WKATU),
      employerId: await api.orgId(BIN.STEEL_PLANT),
      workplaceId: workplace.id,
      agreementId: agreement.id,
      startDate: day(1),
      endDate: day(60),
      timeModel: TimeModel.DAYS_PER_WEEK,
      daysPerWeek: 3,
    });
    expect(refused.ok).toBe(false);
    expect(await ctx.em.findOne(Workplace, { id: workplace.id })).toBeNull();
    expect(await ctx.em.findOne(Workplace, workplace.id)).toBeNull();
    // The system context still sees it, and a visible row is still answered (from the identity map).
    const own = await callerContext(await api.keyFor(BIN.STEEL_PLANT, 'READER'));
    const first = await own.em.findOne(Workplace, { id: workplace.id });
    expect(first?.code).toBe(workplace.code);
    expect(await own.em.findOne(Workplace, { id: workplace.id })).toBe(first);
  });
});

describe('who may revoke a student’s readiness', () => {
  const REVOKE = graphql(`
    mutation ($input: RevokeReadinessInput!) {
      revokeReadiness(input: $input) {
        readiness {
          kind
        }
        userErrors {
          code
          field
        }
      }
    }
  `);

  test('an employer that once hosted the student cannot revoke what the lab recorded; the student’s HEI can', async () => {
    const student = await factories.givenStudent(BIN.INEU);
    await factories.givenPlacement({ studentId: student.id, status: 'COMPLETED' });
    await readiness.givenPass({ studentId: student.id, hazardCategories: ['ROBOT_CELL'] });
    const input = { studentId: toGlobalId('Person', student.id), hazardCategoryCode: 'ROBOT_CELL', reason: 'probe' };

    const employer = await api.gql(await api.keyFor(BIN.STEEL_PLANT, 'WRITER'), REVOKE, { input });
    expect(employer.errors).toBeUndefined();
    expect(employer.data?.revokeReadiness).toEqual({
      readiness: null,
      userErrors: [{ code: 'NOT_ALLOWED_TO_REVOKE', field: ['input', 'hazardCategoryCode'] }],
    });

    const hei = await api.gql(await api.keyFor(BIN.INEU, 'WRITER'), REVOKE, { input });
    expect(hei.data?.revokeReadiness).toEqual({ readiness: { kind: 'REVOCATION' }, userErrors: [] });
  });

  test('an employer with the student ACTIVE cannot revoke a record another organisation made', async () => {
    const student = await factories.givenStudent(BIN.INEU);
    await factories.givenPlacement({ studentId: student.id, status: 'ACTIVE' });
    await readiness.givenPass({ studentId: student.id, hazardCategories: ['ROBOT_CELL'] });
    const input = { studentId: toGlobalId('Person', student.id), hazardCategoryCode: 'ROBOT_CELL', reason: 'probe' };
    const employer = await api.gql(await api.keyFor(BIN.STEEL_PLANT, 'WRITER'), REVOKE, { input });
    expect(employer.data?.revokeReadiness.userErrors).toEqual([{ code: 'NOT_ALLOWED_TO_REVOKE', field: ['input', 'hazardCategoryCode'] }]);
    const coordinator = await api.gql(await api.keyFor(BIN.COORDINATOR, 'WRITER'), REVOKE, { input });
    expect(coordinator.data?.revokeReadiness.userErrors).toEqual([]);
  });
});
