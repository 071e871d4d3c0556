import { Membership, Organization, OrganizationKind, PersonRole } from '../../src/organizations';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { Factories, gid } from '../support/factories';
import { graphql, ofType } from '../support/graphql';

// A regional body sees the people with a membership in an organisation of its region. The rule
// reads the membership's copy of its organisation's region, which the database keeps (migration
// 20261204190000): these tests hold that copy to the organisation on every road a write can take.
let api: TestApi;
let given: Factories;
let coordinator: string;
beforeAll(async () => {
  api = await startTestApi();
  given = new Factories(api);
  coordinator = await api.keyFor(BIN.COORDINATOR, 'READER'); // Pavlodar
});
afterAll(() => api.close());

const PERSON = graphql(`
  query ($id: ID!) {
    node(id: $id) {
      ... on Person {
        fullName
      }
    }
  }
`);
const PEOPLE = graphql(`
  query ($search: String!) {
    people(first: 10, filter: { search: $search }) {
      totalCount
      nodes {
        fullName
      }
    }
  }
`);

async function regionsOf(personId: string): Promise<(string | null)[]> {
  const rows = await api
    .system()
    .em.getConnection()
    .execute<{ region: string | null }[]>('select region from membership where person_id = ? order by region', [personId]);
  return rows.map((r) => r.region);
}

async function sql(text: string, values: unknown[]): Promise<void> {
  await api.system().em.getConnection().execute(text, values, 'run');
}

/** What the Pavlodar coordinator sees of the person: by id, and in the people list. */
async function seenByCoordinator(person: { id: string; fullName: string }): Promise<{ node: string | null; list: number }> {
  const node = (await api.gql(coordinator, PERSON, { id: gid('Person', person) })).data!.node;
  const list = (await api.gql(coordinator, PEOPLE, { search: person.fullName })).data!.people;
  expect(list.nodes.length).toBe(list.totalCount);
  return { node: node ? ofType(node, 'Person').fullName : null, list: list.totalCount };
}

describe("a membership's region", () => {
  test("is its organisation's, whatever the application or a statement writes", async () => {
    const student = await given.givenStudent(BIN.WKATU, { enrolled: false }); // West Kazakhstan
    expect(await regionsOf(student.id)).toEqual(['WEST_KAZAKHSTAN']);

    // Through the ORM: the value sent is replaced.
    const em = api.system().em;
    const membership = await em.findOneOrFail(Membership, { person: student.id }, { populate: ['region'] });
    membership.region = 'PAVLODAR';
    await em.flush();
    expect(await regionsOf(student.id)).toEqual(['WEST_KAZAKHSTAN']);

    // A statement of its own: replaced too; so the Pavlodar coordinator still does not see them.
    await sql(`update membership set region = 'PAVLODAR' where person_id = ?`, [student.id]);
    expect(await regionsOf(student.id)).toEqual(['WEST_KAZAKHSTAN']);
    expect(await seenByCoordinator(student)).toEqual({ node: null, list: 0 });

    // Moved to another organisation: the new one's region.
    const college = await em.findOneOrFail(Organization, { bin: BIN.COLLEGE }); // Pavlodar
    await sql('update membership set organization_id = ? where person_id = ?', [college.id, student.id]);
    expect(await regionsOf(student.id)).toEqual(['PAVLODAR']);
    expect(await seenByCoordinator(student)).toEqual({ node: student.fullName, list: 1 });
  });

  test("follows its organisation's region, and with it who may see the person", async () => {
    const em = api.system().em;
    const hei = em.create(Organization, {
      kind: OrganizationKind.HEI,
      region: 'KOSTANAY',
      bin: '000000000019',
      name: { kk: 'Колледж', ru: 'Колледж', en: 'Region test college' },
    });
    await em.flush();
    const student = await given.givenPerson(hei.bin, PersonRole.STUDENT, 'Region test student');
    const mentor = await given.givenPerson(BIN.STEEL_PLANT, PersonRole.MENTOR, 'Region test mentor');
    await given.givenPerson(hei.bin, PersonRole.STAFF, 'Region test staff');
    em.create(Membership, { person: mentor.id, organization: hei.id, role: PersonRole.STAFF }); // a second membership
    await em.flush();
    expect(await regionsOf(student.id)).toEqual(['KOSTANAY']);
    expect(await regionsOf(mentor.id)).toEqual(['KOSTANAY', 'PAVLODAR']);
    expect(await seenByCoordinator(student)).toEqual({ node: null, list: 0 });

    await sql(`update organization set region = 'PAVLODAR' where id = ?`, [hei.id]);
    expect(await regionsOf(student.id)).toEqual(['PAVLODAR']);
    expect(await regionsOf(mentor.id)).toEqual(['PAVLODAR', 'PAVLODAR']);
    expect(await seenByCoordinator(student)).toEqual({ node: student.fullName, list: 1 });

    await sql(`update organization set region = 'KOSTANAY' where id = ?`, [hei.id]);
    expect(await regionsOf(student.id)).toEqual(['KOSTANAY']);
    expect(await seenByCoordinator(student)).toEqual({ node: null, list: 0 });
    // The mentor stays visible through the steel plant's membership.
    expect(await seenByCoordinator(mentor)).toEqual({ node: mentor.fullName, list: 1 });
    // Every membership agrees with its organisation.
    const disagreeing = await api
      .system()
      .em.getConnection()
      .execute<{ n: string }[]>(
        'select count(*) as n from membership m join organization o on o.id = m.organization_id where m.region is distinct from o.region',
      );
    expect(Number(disagreeing[0].n)).toBe(0);
  });
});
