import { ApiKey } from '../../src/organizations';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { graphql } from '../support/graphql';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const VIEWER = graphql(`
  {
    viewer {
      role
      organization {
        kind
      }
    }
  }
`);

describe('authentication', () => {
  test('a request without a key gets 401 UNAUTHENTICATED and no data', async () => {
    const res = await api.gql(undefined, VIEWER);
    expect(res.status).toBe(401);
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('a malformed or unknown key gets 401', async () => {
    for (const key of ['nonsense', 'dh_000000000000_' + 'A'.repeat(43)]) {
      const res = await api.gql(key, VIEWER);
      expect(res.status).toBe(401);
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  test('a key with a wrong secret but a real prefix gets 401', async () => {
    const key = await api.keyFor(BIN.STEEL_PLANT);
    const tampered = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
    expect((await api.gql(tampered, VIEWER)).status).toBe(401);
  });

  test('a valid key is answered with its organisation and role', async () => {
    const key = await api.keyFor(BIN.INEU, 'READER');
    const res = await api.gql(key, VIEWER);
    expect(res.status).toBe(200);
    expect(res.data?.viewer).toEqual({ role: 'READER', organization: { kind: 'HEI' } });
  });

  test('the coordinator issues a key through the API; revoking it stops it at once', async () => {
    const admin = await api.keyFor(BIN.COORDINATOR);
    const orgs = await api.gql(
      admin,
      graphql(`
        {
          organizations(filter: { kinds: [EMPLOYER], region: "PAVLODAR" }, first: 10) {
            nodes {
              id
              bin
            }
          }
        }
      `),
    );
    const steel = orgs.data!.organizations.nodes.find((o: { bin: string }) => o.bin === BIN.STEEL_PLANT);
    const issued = await api.gql(
      admin,
      graphql(`
        mutation ($input: IssueApiKeyInput!) {
          issueApiKey(input: $input) {
            secret
            apiKey {
              id
              role
            }
            userErrors {
              code
            }
          }
        }
      `),
      {
        input: { organizationId: steel!.id, role: 'WRITER', label: 'HR system' },
      },
    );
    expect(issued.data?.issueApiKey.userErrors).toEqual([]);
    const secret = issued.data!.issueApiKey.secret as string;
    expect((await api.gql(secret, VIEWER)).data?.viewer.organization.kind).toBe('EMPLOYER');

    const revoked = await api.gql(
      admin,
      graphql(`
        mutation ($input: RevokeApiKeyInput!) {
          revokeApiKey(input: $input) {
            apiKey {
              revokedAt
            }
            userErrors {
              code
            }
          }
        }
      `),
      {
        input: { apiKeyId: issued.data!.issueApiKey.apiKey!.id },
      },
    );
    expect(revoked.data?.revokeApiKey.apiKey!.revokedAt).toBeTruthy();
    expect((await api.gql(secret, VIEWER)).status).toBe(401);
  });

  test('an employer may not issue keys for another organisation', async () => {
    const employer = await api.keyFor(BIN.STEEL_PLANT);
    const other = Buffer.from(`Organization:${await api.orgId(BIN.OIL_GAS_PLANT)}`).toString('base64url');
    const res = await api.gql(
      employer,
      graphql(`
        mutation ($input: IssueApiKeyInput!) {
          issueApiKey(input: $input) {
            secret
            userErrors {
              code
              field
            }
          }
        }
      `),
      {
        input: { organizationId: other, role: 'ADMIN', label: 'sneaky' },
      },
    );
    expect(res.data?.issueApiKey.secret).toBeNull();
    expect(res.data?.issueApiKey.userErrors[0].code).toMatch(/ORGANIZATION_NOT_FOUND|NOT_YOUR_ORGANIZATION/);
  });

  test('a READER key may not change anything, not even for its own organisation', async () => {
    const reader = await api.keyFor(BIN.INEU, 'READER');
    const own = Buffer.from(`Organization:${await api.orgId(BIN.INEU)}`).toString('base64url');
    const keysBefore = await api.system().em.count(ApiKey, {});
    const res = await api.gql(
      reader,
      graphql(`
        mutation ($input: IssueApiKeyInput!) {
          issueApiKey(input: $input) {
            secret
          }
        }
      `),
      {
        input: { organizationId: own, role: 'READER', label: 'x' },
      },
    );
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(res.data?.issueApiKey ?? null).toBeNull();
    expect(await api.system().em.count(ApiKey, {})).toBe(keysBefore);
  });
});
