import { AgreementSignature } from '../../src/agreements';
import { AuditEntry } from '../../src/audit';
import { seedFixtures } from '../../src/seed/seed';
import { HazardCategory } from '../../src/hazards';
import { createLogger } from '../../src/logger';
import { Placement } from '../../src/placements';
import { Workplace } from '../../src/workplaces';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { gid } from '../support/factories';
import { graphql } from '../support/graphql';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function workplaceCodes(bin: string): Promise<string[]> {
  const key = await api.keyFor(bin, 'READER');
  const res = await api.gql(
    key,
    graphql(`
      {
        workplaces(first: 100) {
          nodes {
            code
          }
        }
      }
    `),
  );
  expect(res.errors).toBeUndefined();
  return res.data!.workplaces.nodes.map((n: { code: string }) => n.code);
}

const STEEL_WORKPLACES = ['PMZ-EAF-SHOP', 'PMZ-ENGINEERING-OFFICE', 'PMZ-ROLLING-MILL'];

describe('hazard categories', () => {
  test('the catalogue has the codes the lab exercises use, with Kazakh, Russian and English names', async () => {
    const key = await api.keyFor(BIN.AGENCY, 'READER');
    const res = await api.gql(
      key,
      graphql(`
        {
          hazardCategories(first: 50) {
            nodes {
              code
              name {
                kk
                ru
                en
              }
              description {
                en
              }
            }
          }
        }
      `),
    );
    const nodes = res.data!.hazardCategories.nodes as { code: string; name: { kk: string; ru: string; en: string } }[];
    expect(nodes.map((n) => n.code)).toEqual([
      'ELECTRICAL_UP_TO_1KV',
      'HOT_WORK',
      'LIFTING_EQUIPMENT',
      'PRESSURE_EQUIPMENT',
      'ROBOT_CELL',
      'ROTATING_MACHINERY',
      'WORK_AT_HEIGHT',
    ]);
    expect(nodes.find((n) => n.code === 'ROBOT_CELL')!.name).toEqual({
      kk: 'Автоматтандырылған робот ұяшығы',
      ru: 'Автоматизированная роботизированная ячейка',
      en: 'Automated robot cell',
    });
  });

  test('the service finds categories by code and by workplace (none for an office)', async () => {
    const ctx = api.system();
    const hazards = api.hub.app.services.hazards;
    expect((await hazards.findByCodes(ctx, ['ROBOT_CELL', 'NO_SUCH', 'HOT_WORK'])).map((h) => h.code)).toEqual(['HOT_WORK', 'ROBOT_CELL']);
    const cell = await ctx.em.findOneOrFail(Workplace, { code: 'EWRC-ROBOT-CELL-1' });
    const office = await ctx.em.findOneOrFail(Workplace, { code: 'PMZ-ENGINEERING-OFFICE' });
    const [atCell, atOffice] = await Promise.all([hazards.forWorkplace(ctx, cell.id), hazards.forWorkplace(ctx, office.id)]);
    expect(atCell.map((h) => h.code)).toEqual(['ELECTRICAL_UP_TO_1KV', 'HOT_WORK', 'ROBOT_CELL']);
    expect(atOffice).toEqual([]);
  });
});

describe('who sees which workplace', () => {
  test('an employer sees its own workplaces only', async () => {
    expect(await workplaceCodes(BIN.STEEL_PLANT)).toEqual(STEEL_WORKPLACES);
    expect(await workplaceCodes(BIN.WELDING_CENTRE)).toEqual(['EWRC-ROBOT-CELL-1']);
  });

  test('an HEI sees the workplaces of employers it has an agreement with, and no others', async () => {
    expect(await workplaceCodes(BIN.INEU)).toEqual(['EWRC-ROBOT-CELL-1', ...STEEL_WORKPLACES]);
    expect(await workplaceCodes(BIN.WKATU)).toEqual(['UOGEP-CNC-MACHINING', 'UOGEP-PRESSURE-TEST', 'UOGEP-ROBOTIC-WELDING']);
  });

  test('a regional body sees the workplaces of its region', async () => {
    expect(await workplaceCodes(BIN.COORDINATOR)).toEqual(['EWRC-ROBOT-CELL-1', ...STEEL_WORKPLACES]);
  });

  test('another employer gets null for a workplace by node(id:)', async () => {
    const cell = await api.system().em.findOneOrFail(Workplace, { code: 'UOGEP-ROBOTIC-WELDING' });
    const steel = await api.keyFor(BIN.STEEL_PLANT, 'READER');
    expect(
      (
        await api.gql(
          steel,
          graphql(`
            query ($id: ID!) {
              node(id: $id) {
                id
              }
            }
          `),
          { id: gid('Workplace', cell) },
        )
      ).data!.node,
    ).toBeNull();
  });

  test('filters by hazard category', async () => {
    const coordinator = await api.keyFor(BIN.COORDINATOR, 'READER');
    const res = await api.gql(
      coordinator,
      graphql(`
        {
          workplaces(first: 10, filter: { hazardCategoryCode: "ROBOT_CELL" }) {
            nodes {
              code
              employer {
                bin
              }
            }
          }
        }
      `),
    );
    expect(res.data!.workplaces.nodes).toEqual([{ code: 'EWRC-ROBOT-CELL-1', employer: { bin: BIN.WELDING_CENTRE } }]);
  });
});

describe('changing workplaces', () => {
  const CREATE = graphql(`
    mutation ($input: CreateWorkplaceInput!) {
      createWorkplace(input: $input) {
        workplace {
          code
          hazardCategories {
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
  const SET = graphql(`
    mutation ($input: SetWorkplaceHazardCategoriesInput!) {
      setWorkplaceHazardCategories(input: $input) {
        workplace {
          hazardCategories {
            code
          }
          history {
            nodes {
              action
              before
              after
              reason
            }
          }
        }
        userErrors {
          field
          code
        }
      }
    }
  `);
  const text = { kk: 'Мәтін', ru: 'Текст', en: 'Text' };

  test('an employer adds a workplace; an unknown hazard category is refused and nothing is written', async () => {
    const steel = await api.keyFor(BIN.STEEL_PLANT, 'WRITER');
    const base = { employerId: gid('Organization', await api.orgId(BIN.STEEL_PLANT)), site: text, department: text, description: text };
    const before = await api.system().em.count(Workplace, {});
    const refused = await api.gql(steel, CREATE, { input: { ...base, code: 'PMZ-TEST-1', hazardCategoryCodes: ['ROBOT_CELL', 'LASERS'] } });
    expect(refused.data!.createWorkplace.userErrors).toEqual([{ field: ['input', 'hazardCategoryCodes'], code: 'UNKNOWN_HAZARD_CATEGORY' }]);
    expect(await api.system().em.count(Workplace, {})).toBe(before);
    const ok = await api.gql(steel, CREATE, { input: { ...base, code: 'pmz-test-1', hazardCategoryCodes: ['ROBOT_CELL'] } });
    expect(ok.data!.createWorkplace.workplace).toEqual({ code: 'PMZ-TEST-1', hazardCategories: [{ code: 'ROBOT_CELL' }] });
  });

  test('an employer may not add a workplace to another employer (NOT_YOUR_ORGANIZATION)', async () => {
    const oge = await api.keyFor(BIN.OIL_GAS_PLANT, 'WRITER');
    const res = await api.gql(oge, CREATE, {
      input: {
        employerId: gid('Organization', await api.orgId(BIN.STEEL_PLANT)),
        code: 'X-1',
        site: text,
        department: text,
        description: text,
        hazardCategoryCodes: [],
      },
    });
    expect(res.data!.createWorkplace.userErrors[0].code).toMatch(/NOT_YOUR_ORGANIZATION|NOT_AN_EMPLOYER/);
  });

  test('changing the hazards of a workplace is kept in its history', async () => {
    const steel = await api.keyFor(BIN.STEEL_PLANT, 'WRITER');
    const office = await api.system().em.findOneOrFail(Workplace, { code: 'PMZ-ENGINEERING-OFFICE' });
    const res = await api.gql(steel, SET, {
      input: { workplaceId: gid('Workplace', office), hazardCategoryCodes: ['WORK_AT_HEIGHT'], reason: 'Mezzanine added' },
    });
    const workplace = res.data!.setWorkplaceHazardCategories.workplace;
    expect(workplace!.hazardCategories).toEqual([{ code: 'WORK_AT_HEIGHT' }]);
    expect(workplace!.history.nodes).toEqual([
      {
        action: 'HAZARDS_CHANGED',
        before: { code: 'PMZ-ENGINEERING-OFFICE', hazardCategories: [] },
        after: { code: 'PMZ-ENGINEERING-OFFICE', hazardCategories: ['WORK_AT_HEIGHT'] },
        reason: 'Mezzanine added',
      },
    ]);
    await api.gql(steel, SET, { input: { workplaceId: gid('Workplace', office), hazardCategoryCodes: [] } });
  });
});

describe('fixtures', () => {
  test('seeding again changes nothing (natural keys)', async () => {
    const em = () => api.system().em;
    const counts = async () => [
      await em().count(HazardCategory, {}),
      await em().count(Workplace, {}),
      await em().count(AgreementSignature, {}),
      await em().count(Placement, {}),
      await em().count(AuditEntry, {}),
    ];
    const before = await counts();
    await seedFixtures(api.hub.app, api.orm, createLogger('silent'));
    expect(await counts()).toEqual(before);
  });
});
