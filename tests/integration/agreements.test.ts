import { Agreement, AgreementSignature } from '../../src/agreements';
import { AuditEntry } from '../../src/audit';
import { Placement } from '../../src/placements';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { day, Factories, gid } from '../support/factories';
import { graphql, type VariablesOf } from '../support/graphql';

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

const FIELDS = graphql(`
  fragment AgreementFields on Agreement {
    id
    number
    kind
    status
    validFrom
    validTo
    remuneration {
      amount
      currency
    }
    signatures {
      party
      signedAt
      apiKeyId
      organization {
        bin
      }
      person {
        fullName
      }
    }
    history {
      nodes {
        action
        before
        after
        reason
        actorApiKeyId
        actorOrganizationId
        actorPersonId
      }
    }
  }
`);
const CREATE = graphql(
  `
    mutation ($input: CreateAgreementInput!) {
      createAgreement(input: $input) {
        agreement {
          ...AgreementFields
        }
        userErrors {
          field
          code
          message
        }
      }
    }
  `,
  [FIELDS],
);
const SIGN = graphql(
  `
    mutation ($input: SignAgreementInput!) {
      signAgreement(input: $input) {
        agreement {
          ...AgreementFields
        }
        userErrors {
          field
          code
        }
      }
    }
  `,
  [FIELDS],
);
const TERMINATE = graphql(`
  mutation ($input: TerminateAgreementInput!) {
    terminateAgreement(input: $input) {
      agreement {
        status
        terminationReason
      }
      userErrors {
        field
        code
      }
    }
  }
`);

let counter = 0;
type AgreementInput = VariablesOf<typeof CREATE>['input'];
async function input(overrides: Partial<AgreementInput> = {}): Promise<AgreementInput> {
  counter += 1;
  return {
    number: `TEST-${Date.now()}-${counter}`,
    kind: 'NETWORK_INTERACTION',
    heiId: gid('Organization', await api.orgId(BIN.INEU)),
    employerId: gid('Organization', await api.orgId(BIN.STEEL_PLANT)),
    validFrom: day(-10),
    validTo: day(300),
    remunerationAmount: 170000,
    ...overrides,
  };
}

describe('agreements', () => {
  test('drafted by the HEI, signed by each party with key and time, ACTIVE after the last signature', async () => {
    const created = await api.gql(ineu, CREATE, { input: await input() });
    expect(created.data!.createAgreement.userErrors).toEqual([]);
    const agreement = created.data!.createAgreement.agreement;
    expect(agreement).toEqual(expect.objectContaining({ status: 'DRAFT', remuneration: { amount: 170000, currency: 'KZT' }, signatures: [] }));

    const first = await api.gql(steel, SIGN, { input: { agreementId: agreement!.id, party: 'EMPLOYER' } });
    expect(first.data!.signAgreement.agreement!.status).toBe('PARTIALLY_SIGNED');
    const second = await api.gql(ineu, SIGN, { input: { agreementId: agreement!.id, party: 'HEI' } });
    const signed = second.data!.signAgreement.agreement;
    expect(signed!.status).toBe('ACTIVE');
    expect(signed!.signatures.map((s) => [s.party, s.organization!.bin])).toEqual([
      ['EMPLOYER', BIN.STEEL_PLANT],
      ['HEI', BIN.INEU],
    ]);
    for (const s of signed!.signatures) {
      expect(s.apiKeyId).toBeTruthy();
      expect(Number.isNaN(Date.parse(s.signedAt))).toBe(false);
    }
    expect(signed!.history.nodes.map((n) => n.action)).toEqual(['CREATED', 'SIGNED', 'SIGNED']);
    expect(signed!.history.nodes[2]).toEqual(
      expect.objectContaining({
        before: { status: 'PARTIALLY_SIGNED', signedBy: ['EMPLOYER'] },
        after: { status: 'ACTIVE', signedBy: ['EMPLOYER', 'HEI'], party: 'HEI' },
        actorOrganizationId: gid('Organization', await api.orgId(BIN.INEU)),
      }),
    );
  });

  test('a tripartite agreement needs the student’s signature, which the HEI records with the student as signer', async () => {
    const student = await given.givenStudent();
    const created = await api.gql(ineu, CREATE, { input: await input({ kind: 'TRIPARTITE', studentId: gid('Person', student) }) });
    const id = created.data!.createAgreement.agreement!.id;
    await api.gql(ineu, SIGN, { input: { agreementId: id, party: 'HEI' } });
    const afterEmployer = await api.gql(steel, SIGN, { input: { agreementId: id, party: 'EMPLOYER' } });
    expect(afterEmployer.data!.signAgreement.agreement!.status).toBe('PARTIALLY_SIGNED');
    const afterStudent = await api.gql(ineu, SIGN, { input: { agreementId: id, party: 'STUDENT' } });
    const agreement = afterStudent.data!.signAgreement.agreement;
    expect(agreement!.status).toBe('ACTIVE');
    expect(agreement!.signatures.find((s) => s.party === 'STUDENT')!.person!.fullName).toBe(student.fullName);
    expect(agreement!.history.nodes.at(-1)!.actorPersonId).toBe(gid('Person', student));
  });

  test('refuses a second signature of the same party (ALREADY_SIGNED) and records nothing', async () => {
    const agreement = await given.givenAgreement();
    const before = await api.system().em.count(AuditEntry, { objectId: agreement.id });
    const res = await api.gql(ineu, SIGN, { input: { agreementId: gid('Agreement', agreement), party: 'HEI' } });
    expect(res.data!.signAgreement.userErrors).toEqual([{ field: ['input', 'party'], code: 'ALREADY_SIGNED' }]);
    expect(await api.system().em.count(AgreementSignature, { agreement: agreement.id })).toBe(2);
    expect(await api.system().em.count(AuditEntry, { objectId: agreement.id })).toBe(before);
  });

  test('a party may not sign for the other party (NOT_A_PARTY), unchanged', async () => {
    const agreement = await given.givenAgreement({ signedBy: [] });
    const res = await api.gql(steel, SIGN, { input: { agreementId: gid('Agreement', agreement), party: 'HEI' } });
    expect(res.data!.signAgreement.userErrors[0].code).toBe('NOT_A_PARTY');
    expect(await api.system().em.count(AgreementSignature, { agreement: agreement.id })).toBe(0);
  });

  test('refuses a validity that ends before it begins, and a tripartite agreement without a student', async () => {
    const before = await api.system().em.count(Agreement, {});
    const res = await api.gql(ineu, CREATE, { input: await input({ kind: 'TRIPARTITE', validFrom: day(10), validTo: day(1) }) });
    expect(res.data!.createAgreement.agreement).toBeNull();
    expect(res.data!.createAgreement.userErrors.map((e) => [e.code, e.field.join('.')])).toEqual(
      expect.arrayContaining([
        ['INVALID_PERIOD', 'input.validTo'],
        ['STUDENT_REQUIRED', 'input.studentId'],
      ]),
    );
    expect(await api.system().em.count(Agreement, {})).toBe(before);
  });

  test('an organisation that is not a party cannot draft it (NOT_A_PARTY)', async () => {
    const other = await api.keyFor(BIN.OIL_GAS_PLANT, 'WRITER');
    const res = await api.gql(other, CREATE, { input: await input() });
    expect(res.data!.createAgreement.userErrors.map((e) => e.code)).toContain('NOT_A_PARTY');
  });

  test('another employer can neither see nor sign an agreement', async () => {
    const agreement = await given.givenAgreement({ signedBy: [] });
    const other = await api.keyFor(BIN.OIL_GAS_PLANT, 'WRITER');
    const id = gid('Agreement', agreement);
    expect(
      (
        await api.gql(
          other,
          graphql(`
            query ($id: ID!) {
              node(id: $id) {
                id
              }
            }
          `),
          { id },
        )
      ).data!.node,
    ).toBeNull();
    const list = await api.gql(
      other,
      graphql(`
        {
          agreements(first: 100) {
            nodes {
              id
            }
          }
        }
      `),
    );
    expect(list.data!.agreements.nodes.map((n) => n.id)).not.toContain(id);
    const sign = await api.gql(other, SIGN, { input: { agreementId: id, party: 'EMPLOYER' } });
    expect(sign.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await api.system().em.count(AgreementSignature, { agreement: agreement.id })).toBe(0);
  });

  test('the regional coordinator sees the agreements of its region', async () => {
    const coordinator = await api.keyFor(BIN.COORDINATOR, 'READER');
    const numbers = (
      await api.gql(
        coordinator,
        graphql(`
          {
            agreements(first: 100) {
              nodes {
                number
              }
            }
          }
        `),
      )
    ).data!.agreements.nodes.map((n) => n.number);
    expect(numbers).toEqual(expect.arrayContaining(['INEU-PMZ-2025/01', 'INEU-EWRC-2025/02', 'PHTC-PMZ-2026/T01']));
    expect(numbers).not.toContain('WKATU-UOGEP-2025/01');
    expect(numbers).not.toContain('KEEU-KAM-2026/01');
  });

  test('termination needs a reason; after it, no placement can be planned or started under the agreement', async () => {
    const agreement = await given.givenAgreement();
    const confirmed = await given.givenPlacement({ agreementId: agreement.id, status: 'CONFIRMED' });
    const id = gid('Agreement', agreement);
    expect((await api.gql(steel, TERMINATE, { input: { agreementId: id, reason: ' ' } })).data!.terminateAgreement.userErrors[0].code).toBe('REASON_REQUIRED');
    const ended = await api.gql(steel, TERMINATE, { input: { agreementId: id, reason: 'Workshop closed for reconstruction' } });
    expect(ended.data!.terminateAgreement.agreement).toEqual({ status: 'TERMINATED', terminationReason: 'Workshop closed for reconstruction' });

    const activate = await api.gql(
      ineu,
      graphql(`
        mutation ($input: PlacementTransitionInput!) {
          activatePlacement(input: $input) {
            userErrors {
              code
            }
          }
        }
      `),
      {
        input: { placementId: gid('Placement', confirmed) },
      },
    );
    expect(activate.data!.activatePlacement.userErrors.map((e) => e.code)).toEqual(['AGREEMENT_TERMINATED']);
    expect((await api.system().em.findOneOrFail(Placement, { id: confirmed.id })).status).toBe('CONFIRMED');
  });
});
