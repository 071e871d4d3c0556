import { toGlobalId } from '../../src/graphql/relay';
import { Membership, Person, PersonRole } from '../../src/organizations';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { graphql } from '../support/graphql';

let api: TestApi;
let steelKey: string;
let oilKey: string;
let ineuKey: string;
let coordinatorKey: string;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const ORG_BY_ID = graphql(`
  query ($id: ID!) {
    node(id: $id) {
      ... on Organization {
        bin
      }
    }
  }
`);

// The same rules hold whether a partner system calls with a READER key or a person signed in
// with a session whose membership maps to READER (issue 15).
describe.each(['API key', 'session'] as const)('organisation scoping, called with an %s', (mode) => {
  beforeAll(async () => {
    const credential = (bin: string) => (mode === 'API key' ? api.keyFor(bin, 'READER') : api.sessionFor(bin, 'READER'));
    [steelKey, oilKey, ineuKey, coordinatorKey] = await Promise.all([
      credential(BIN.STEEL_PLANT),
      credential(BIN.OIL_GAS_PLANT),
      credential(BIN.INEU),
      credential(BIN.COORDINATOR),
    ]);
  });

  test('an employer cannot read another employer by node(id:)', async () => {
    const other = toGlobalId('Organization', await api.orgId(BIN.OIL_GAS_PLANT));
    const res = await api.gql(steelKey, ORG_BY_ID, { id: other });
    expect(res.errors).toBeUndefined();
    expect(res.data?.node).toBeNull();
    const own = await api.gql(steelKey, ORG_BY_ID, { id: toGlobalId('Organization', await api.orgId(BIN.STEEL_PLANT)) });
    expect(own.data?.node).toEqual({ bin: BIN.STEEL_PLANT });
  });

  test('an employer sees no other employer in the organisations connection', async () => {
    const res = await api.gql(
      steelKey,
      graphql(`
        {
          organizations(first: 100, filter: { kinds: [EMPLOYER] }) {
            totalCount
            nodes {
              bin
            }
          }
        }
      `),
    );
    expect(res.data?.organizations).toEqual({ totalCount: 1, nodes: [{ bin: BIN.STEEL_PLANT }] });
  });

  test('an employer cannot reach another employer through a nested field', async () => {
    // Mentors of other employers are not visible, nor is their organisation through memberships.
    const res = await api.gql(
      steelKey,
      graphql(`
        {
          people(first: 100) {
            nodes {
              email
              memberships {
                organization {
                  bin
                }
              }
            }
          }
        }
      `),
    );
    const bins = res.data!.people.nodes.flatMap((p: any) => p.memberships.map((m: any) => m.organization?.bin));
    expect(bins.length).toBeGreaterThan(0);
    // Its own people, and the HEIs of students placed with it; never another employer.
    expect(bins).toContain(BIN.STEEL_PLANT);
    for (const other of [BIN.OIL_GAS_PLANT, BIN.AGRI_PLANT, BIN.WELDING_CENTRE]) expect(bins).not.toContain(other);
    const emails = res.data!.people.nodes.map((p: any) => p.email);
    expect(emails).not.toContain('ruslan.seitkali@uogep.kz');
  });

  test('a person of another organisation is null by node(id:) and by nodes(ids:)', async () => {
    const mentor = await api.system().em.findOneOrFail(Person, { email: 'ruslan.seitkali@uogep.kz' });
    const id = toGlobalId('Person', mentor.id);
    const query = graphql(`
      query ($id: ID!, $ids: [ID!]!) {
        node(id: $id) {
          id
        }
        nodes(ids: $ids) {
          id
        }
      }
    `);
    const fromSteel = await api.gql(steelKey, query, { id, ids: [id] });
    expect(fromSteel.data).toEqual({ node: null, nodes: [null] });
    const fromOwner = await api.gql(oilKey, query, { id, ids: [id] });
    expect(fromOwner.data).toEqual({ node: { id }, nodes: [{ id }] });
  });

  test("an HEI sees its own students and staff, not another HEI's", async () => {
    const res = await api.gql(
      ineuKey,
      graphql(`
        {
          people(first: 100, filter: { role: STUDENT }) {
            nodes {
              email
            }
          }
        }
      `),
    );
    const emails: string[] = res.data!.people.nodes.map((p: any) => p.email);
    expect(emails.length).toBeGreaterThanOrEqual(3);
    // Its students: the fixture students and the applicants it accepted (enrolment makes them STUDENT members).
    const own = await api.system().em.find(Membership, { organization: { bin: BIN.INEU }, role: PersonRole.STUDENT }, { populate: ['person'] });
    const ownEmails = new Set(own.map((m) => m.person.email));
    expect(emails.filter((e) => !ownEmails.has(e))).toEqual([]);
    expect(emails.filter((e) => /@students\.(wkatu|keeu|phtc)\.kz$/.test(e))).toEqual([]);
  });

  test("the coordinator sees the whole region, not other regions' people", async () => {
    const res = await api.gql(
      coordinatorKey,
      graphql(`
        {
          people(first: 100) {
            nodes {
              email
            }
          }
          organizations(first: 100, filter: { kinds: [EMPLOYER] }) {
            nodes {
              bin
            }
          }
        }
      `),
    );
    const emails: string[] = res.data!.people.nodes.map((p: any) => p.email);
    expect(emails).toContain('marat.zhunusov@pmz.kz');
    expect(emails).toContain('aruzhan.saparova@students.ineu.kz');
    expect(emails).not.toContain('aigerim.bekova@students.keeu.kz');
    const bins = res.data!.organizations.nodes.map((o: any) => o.bin).sort();
    expect(bins).toEqual([BIN.STEEL_PLANT, BIN.WELDING_CENTRE].sort());
  });
});
