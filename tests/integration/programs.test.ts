import { seedFixtures } from '../../src/seed/seed';
import { toGlobalId } from '../../src/graphql/relay';
import { createLogger } from '../../src/logger';
import { Discipline, LearningOutcome, Program } from '../../src/programs';
import { BIN, type GraphQLResponse, startTestApi, type TestApi } from '../support/api';
import { disciplineRows, givenProgram } from '../support/program-factories';
import { graphql } from '../support/graphql';

let api: TestApi;
let ineuWriter: string;
const orgGid = async (bin: string) => toGlobalId('Organization', await api.orgId(bin));

beforeAll(async () => {
  // MikroORM colours its log lines by default, and src/db/orm.ts only records lines that start
  // with "[query]": without this, api.queries stays empty and statement counts prove nothing.
  process.env.MIKRO_ORM_NO_COLOR = 'true';
  api = await startTestApi();
  ineuWriter = await api.keyFor(BIN.INEU, 'WRITER');
});
afterAll(() => api.close());

const TOTALS = graphql(`
  fragment ProgramTotals on Program {
    totalCredits
    employerAdaptedCredits
    employerAdaptedShare
    meetsCreditNorm
    creditNorm
  }
`);
const ERRORS = graphql(`
  fragment ProgramErrors on ProgramUserError {
    field
    code
    message
    localizedMessage {
      kk
      ru
      en
    }
  }
`);

const SET_ADAPTATION = graphql(
  `
    mutation ($input: SetDisciplineAdaptationInput!) {
      setDisciplineAdaptation(input: $input) {
        discipline {
          employerAdapted
          adaptedBy {
            bin
          }
        }
        program {
          ...ProgramTotals
        }
        userErrors {
          ...ProgramErrors
        }
      }
    }
  `,
  [TOTALS, ERRORS],
);
const ADD_DISCIPLINE = graphql(
  `
    mutation ($input: AddDisciplineInput!) {
      addDiscipline(input: $input) {
        discipline {
          id
          code
          credits
          employerAdapted
        }
        program {
          ...ProgramTotals
        }
        userErrors {
          ...ProgramErrors
        }
      }
    }
  `,
  [TOTALS, ERRORS],
);
const UPDATE_DISCIPLINE = graphql(
  `
    mutation ($input: UpdateDisciplineInput!) {
      updateDiscipline(input: $input) {
        discipline {
          credits
        }
        program {
          ...ProgramTotals
        }
        userErrors {
          ...ProgramErrors
        }
      }
    }
  `,
  [TOTALS, ERRORS],
);
const REMOVE_DISCIPLINE = graphql(
  `
    mutation ($input: RemoveDisciplineInput!) {
      removeDiscipline(input: $input) {
        removedDisciplineId
        program {
          ...ProgramTotals
        }
        userErrors {
          ...ProgramErrors
        }
      }
    }
  `,
  [TOTALS, ERRORS],
);

const name = (en: string) => ({ kk: `${en} (kk)`, ru: `${en} (ru)`, en });

describe('programme fixtures', () => {
  test('6B07101 at InEU totals 240 credits, meets the bachelor norm and stays within 30 % employer-adapted', async () => {
    const res = await api.gql(
      ineuWriter,
      graphql(
        `
          query ($hei: ID!) {
            programs(filter: { heiId: $hei }) {
              nodes {
                code
                level
                name {
                  kk
                  ru
                  en
                }
                hei {
                  shortName
                }
                ...ProgramTotals
                modules {
                  code
                  disciplines {
                    code
                    cycle
                    credits
                    employerAdapted
                    adaptedBy {
                      bin
                    }
                  }
                }
                competencies {
                  code
                  learningOutcomes {
                    descriptor
                  }
                }
              }
            }
          }
        `,
        [TOTALS],
      ),
      { hei: await orgGid(BIN.INEU) },
    );
    expect(res.errors).toBeUndefined();
    const program = res.data!.programs.nodes.find((p: { code: string }) => p.code === '6B07101');
    expect(program).toMatchObject({
      level: 'BACHELOR',
      name: { kk: 'Автоматтандыру және басқару', ru: 'Автоматизация и управление', en: 'Automation and control' },
      hei: { shortName: 'InEU' },
      totalCredits: 240,
      creditNorm: 240,
      meetsCreditNorm: true,
      employerAdaptedCredits: 35,
      employerAdaptedShare: 14.6,
    });
    const disciplines = program!.modules.flatMap((m) => m.disciplines);
    expect(disciplines.reduce((sum, d) => sum + d.credits, 0)).toBe(240);
    expect(disciplines.find((d) => d.code === 'PLC 3401')).toMatchObject({ employerAdapted: true, adaptedBy: { bin: BIN.STEEL_PLANT } });
    const descriptors = program!.competencies.flatMap((c: { learningOutcomes: { descriptor: string }[] }) => c.learningOutcomes.map((o) => o.descriptor));
    expect(new Set(descriptors)).toEqual(
      new Set(['KNOWLEDGE_AND_UNDERSTANDING', 'APPLYING_KNOWLEDGE', 'MAKING_JUDGEMENTS', 'COMMUNICATION', 'LEARNING_SKILLS']),
    );
  });

  test('the college programme totals its own norm of 180 credits', async () => {
    const res = await api.gql(
      ineuWriter,
      graphql(
        `
          {
            programs(filter: { level: COLLEGE }) {
              nodes {
                code
                hei {
                  bin
                }
                ...ProgramTotals
              }
            }
          }
        `,
        [TOTALS],
      ),
    );
    expect(res.data!.programs.nodes).toEqual([
      expect.objectContaining({ code: '07140100', hei: { bin: BIN.COLLEGE }, totalCredits: 180, creditNorm: 180, meetsCreditNorm: true }),
    ]);
  });

  test('seeding again changes nothing: programmes, disciplines and outcomes keep their rows', async () => {
    const snapshot = async () => {
      const { em } = api.system();
      const programs = await em.find(Program, { code: { $in: ['6B07101', '6B07105', '07140100'] } }, { orderBy: { code: 'asc' } });
      const disciplines = await em.find(Discipline, { program: { $in: programs } }, { orderBy: { id: 'asc' }, filters: false });
      return {
        programs: programs.map((p) => [p.id, p.version, p.updatedAt.toISOString(), p.name.kk]),
        disciplines: disciplines.map((d) => [d.id, d.code, d.credits, d.adaptedBy?.id ?? null, d.updatedAt.toISOString()]),
        outcomes: await em.count(LearningOutcome, { competency: { program: { $in: programs } } }),
      };
    };
    const before = await snapshot();
    await seedFixtures(api.hub.app, api.orm, createLogger('silent'));
    expect(await snapshot()).toEqual(before);
    expect(before.disciplines.length).toBeGreaterThan(90);
  });
});

describe('visibility', () => {
  test('programmes are public, but an adapting employer the caller may not see is null while employerAdapted stays true', async () => {
    const uralskEmployer = await api.keyFor(BIN.OIL_GAS_PLANT, 'READER');
    const res = await api.gql(
      uralskEmployer,
      graphql(
        `
          {
            programs(filter: { search: "6B07101" }) {
              nodes {
                ...ProgramTotals
                modules {
                  disciplines {
                    code
                    employerAdapted
                    adaptedBy {
                      bin
                    }
                  }
                }
              }
            }
          }
        `,
        [TOTALS],
      ),
    );
    const [program] = res.data!.programs.nodes;
    expect(program).toMatchObject({ totalCredits: 240, employerAdaptedCredits: 35 });
    const plc = program.modules.flatMap((m) => m.disciplines).find((d) => d.code === 'PLC 3401');
    expect(plc).toEqual({ code: 'PLC 3401', employerAdapted: true, adaptedBy: null });
  });

  test('node(id:) finds a programme and a discipline', async () => {
    const given = await givenProgram(api, { disciplines: [{ credits: 5 }] });
    const res = await api.gql(
      ineuWriter,
      graphql(`
        query ($p: ID!, $d: ID!) {
          p: node(id: $p) {
            ... on Program {
              code
              totalCredits
            }
          }
          d: node(id: $d) {
            ... on Discipline {
              code
              program {
                code
              }
              module {
                code
              }
            }
          }
        }
      `),
      { p: given.gid, d: given.disciplines[0].gid },
    );
    expect(res.data).toEqual({ p: { code: given.code, totalCredits: 5 }, d: { code: 'D01', program: { code: given.code }, module: { code: 'M1' } } });
  });
});

describe('the employer-adapted share is at most 30 %', () => {
  /** 100 credits, 25 adapted: D01 50, D02 20, D03 5 own; D04 25 adapted by the steel plant. */
  const at25 = () => givenProgram(api, { disciplines: [{ credits: 50 }, { credits: 20 }, { credits: 5 }, { credits: 25, adaptedBy: BIN.STEEL_PLANT }] });

  async function expectRefused(res: GraphQLResponse, mutation: string, field: string[], share: string) {
    expect(res.errors).toBeUndefined();
    const payload = res.data![mutation];
    expect(payload.program).toBeNull();
    expect(payload.userErrors).toHaveLength(1);
    expect(payload.userErrors[0]).toMatchObject({ code: 'EMPLOYER_SHARE_EXCEEDED', field });
    expect(payload.userErrors[0].message).toContain(`would reach ${share}`);
    expect(payload.userErrors[0].localizedMessage.ru).toContain(share);
    expect(payload.userErrors[0].localizedMessage.kk).toContain(share);
  }

  test('refuses marking a discipline adapted past 30 %, states the share, changes nothing', async () => {
    const given = await at25();
    const before = await disciplineRows(api, given.id);
    const res = await api.gql(ineuWriter, SET_ADAPTATION, { input: { disciplineId: given.disciplines[1].gid, employerId: await orgGid(BIN.STEEL_PLANT) } });
    await expectRefused(res, 'setDisciplineAdaptation', ['input', 'employerId'], '45.0 %');
    expect(await disciplineRows(api, given.id)).toEqual(before);
  });

  test('refuses adding an adapted discipline past 30 %, and no discipline is added', async () => {
    const given = await at25();
    const before = await disciplineRows(api, given.id);
    const res = await api.gql(ineuWriter, ADD_DISCIPLINE, {
      input: {
        moduleId: given.moduleGids[0],
        code: 'NEW 1',
        name: name('Rolling mill automation'),
        cycle: 'CD',
        credits: 10,
        adaptedByEmployerId: await orgGid(BIN.STEEL_PLANT),
      },
    });
    await expectRefused(res, 'addDiscipline', ['input', 'adaptedByEmployerId'], '31.8 %');
    expect(await disciplineRows(api, given.id)).toEqual(before);
  });

  test('refuses raising the credits of an adapted discipline past 30 %', async () => {
    const given = await at25();
    const before = await disciplineRows(api, given.id);
    const res = await api.gql(ineuWriter, UPDATE_DISCIPLINE, { input: { disciplineId: given.disciplines[3].gid, credits: 40 } });
    await expectRefused(res, 'updateDiscipline', ['input', 'credits'], '34.8 %');
    expect(await disciplineRows(api, given.id)).toEqual(before);
  });

  test("refuses lowering another discipline's credits so that the share rises past 30 %", async () => {
    const given = await at25();
    const before = await disciplineRows(api, given.id);
    const res = await api.gql(ineuWriter, UPDATE_DISCIPLINE, { input: { disciplineId: given.disciplines[0].gid, credits: 30, code: 'RENAMED' } });
    await expectRefused(res, 'updateDiscipline', ['input', 'credits'], '31.3 %');
    expect(await disciplineRows(api, given.id)).toEqual(before);
  });

  test('refuses removing a discipline when the rest would be more than 30 % adapted (33.3 %)', async () => {
    const given = await givenProgram(api, { disciplines: [{ credits: 60 }, { credits: 10 }, { credits: 30, adaptedBy: BIN.STEEL_PLANT }] });
    const before = await disciplineRows(api, given.id);
    const res = await api.gql(ineuWriter, REMOVE_DISCIPLINE, { input: { disciplineId: given.disciplines[1].gid } });
    await expectRefused(res, 'removeDiscipline', ['input', 'disciplineId'], '33.3 %');
    expect(res.data!.removeDiscipline.removedDisciplineId).toBeNull();
    expect(await disciplineRows(api, given.id)).toEqual(before);
  });

  test('exactly 30 % is allowed, and the payload shows the new totals', async () => {
    const given = await at25();
    const res = await api.gql(ineuWriter, SET_ADAPTATION, { input: { disciplineId: given.disciplines[2].gid, employerId: await orgGid(BIN.STEEL_PLANT) } });
    expect(res.data!.setDisciplineAdaptation).toMatchObject({
      userErrors: [],
      discipline: { employerAdapted: true, adaptedBy: { bin: BIN.STEEL_PLANT } },
      program: { totalCredits: 100, employerAdaptedCredits: 30, employerAdaptedShare: 30 },
    });
    // One more credit on an adapted discipline is one too many.
    const more = await api.gql(ineuWriter, UPDATE_DISCIPLINE, { input: { disciplineId: given.disciplines[2].gid, credits: 6 } });
    expect(more.data!.updateDiscipline.userErrors[0].code).toBe('EMPLOYER_SHARE_EXCEEDED');
  });

  test('changes that lower the share go through: removing an adaptation, adding own content, removing an adapted discipline', async () => {
    const given = await at25();
    const own = await api.gql(ineuWriter, ADD_DISCIPLINE, {
      input: { moduleId: given.moduleGids[0], code: 'own 2', name: name('Own'), cycle: 'BD', credits: 5 },
    });
    expect(own.data!.addDiscipline).toMatchObject({ userErrors: [], discipline: { code: 'OWN 2', employerAdapted: false }, program: { totalCredits: 105 } });
    const unadapt = await api.gql(ineuWriter, SET_ADAPTATION, { input: { disciplineId: given.disciplines[3].gid, employerId: null } });
    expect(unadapt.data!.setDisciplineAdaptation).toMatchObject({
      userErrors: [],
      discipline: { employerAdapted: false, adaptedBy: null },
      program: { employerAdaptedCredits: 0 },
    });
    const removed = await api.gql(ineuWriter, REMOVE_DISCIPLINE, { input: { disciplineId: given.disciplines[0].gid } });
    expect(removed.data!.removeDiscipline).toMatchObject({ userErrors: [], removedDisciplineId: given.disciplines[0].gid, program: { totalCredits: 55 } });
  });

  test('two concurrent adaptations that would together pass 30 % do not both succeed', async () => {
    // 100 credits, 20 adapted; adapting either 10-credit discipline reaches 30 %, both would reach 40 %.
    const given = await givenProgram(api, { disciplines: [{ credits: 60 }, { credits: 10 }, { credits: 10 }, { credits: 20, adaptedBy: BIN.STEEL_PLANT }] });
    const employerId = await orgGid(BIN.STEEL_PLANT);
    const results = await Promise.all(
      [1, 2].map((i) => api.gql(ineuWriter, SET_ADAPTATION, { input: { disciplineId: given.disciplines[i].gid, employerId } })),
    );
    const codes = results.map((r) => r.data!.setDisciplineAdaptation.userErrors[0]?.code ?? 'OK').sort();
    expect(codes).toEqual(['EMPLOYER_SHARE_EXCEEDED', 'OK']);
    const rows = await disciplineRows(api, given.id);
    expect(rows.filter((r) => r.adaptedBy).reduce((sum, r) => sum + r.credits, 0)).toBe(30);
  });
});

describe('updating a discipline', () => {
  test('moves it between modules of its own programme only, and renames it', async () => {
    const given = await givenProgram(api, { modules: 2, disciplines: [{ credits: 10 }, { credits: 10 }] });
    const other = await givenProgram(api, { disciplines: [{ credits: 5 }] });
    const query = graphql(
      `
        mutation ($input: UpdateDisciplineInput!) {
          updateDiscipline(input: $input) {
            discipline {
              code
              cycle
              name {
                en
              }
              module {
                code
              }
            }
            userErrors {
              ...ProgramErrors
            }
          }
        }
      `,
      [ERRORS],
    );
    const foreign = await api.gql(ineuWriter, query, { input: { disciplineId: given.disciplines[0].gid, moduleId: other.moduleGids[0] } });
    expect(foreign.data!.updateDiscipline.userErrors[0]).toMatchObject({ code: 'MODULE_NOT_FOUND', field: ['input', 'moduleId'] });
    const moved = await api.gql(ineuWriter, query, {
      input: { disciplineId: given.disciplines[0].gid, moduleId: given.moduleGids[1], cycle: 'PP', name: name('Production practice') },
    });
    expect(moved.data!.updateDiscipline).toEqual({
      discipline: { code: 'D01', cycle: 'PP', name: { en: 'Production practice' }, module: { code: 'M2' } },
      userErrors: [],
    });
    const clash = await api.gql(ineuWriter, query, { input: { disciplineId: given.disciplines[0].gid, code: 'd02' } });
    expect(clash.data!.updateDiscipline.userErrors[0]).toMatchObject({ code: 'DUPLICATE_CODE', field: ['input', 'code'] });
  });
});

describe('only the owning HEI changes its programmes', () => {
  test('another HEI gets NOT_YOUR_PROGRAM and nothing changes', async () => {
    const given = await givenProgram(api, { disciplines: [{ credits: 50 }, { credits: 10 }] });
    const before = await disciplineRows(api, given.id);
    const keeu = await api.keyFor(BIN.KEEU, 'ADMIN');
    const res = await api.gql(keeu, UPDATE_DISCIPLINE, { input: { disciplineId: given.disciplines[0].gid, credits: 40 } });
    expect(res.data!.updateDiscipline.userErrors).toEqual([expect.objectContaining({ code: 'NOT_YOUR_PROGRAM', field: ['input', 'disciplineId'] })]);
    const add = await api.gql(keeu, ADD_DISCIPLINE, { input: { moduleId: given.moduleGids[0], code: 'X', name: name('X'), cycle: 'CD', credits: 5 } });
    expect(add.data!.addDiscipline.userErrors[0]).toMatchObject({ code: 'NOT_YOUR_PROGRAM', field: ['input', 'moduleId'] });
    expect(await disciplineRows(api, given.id)).toEqual(before);
  });

  test('the coordinator and the adapting employer may read but not change the programme', async () => {
    const given = await givenProgram(api, { disciplines: [{ credits: 50 }, { credits: 10 }] });
    for (const bin of [BIN.COORDINATOR, BIN.STEEL_PLANT]) {
      const key = await api.keyFor(bin, 'ADMIN');
      const res = await api.gql(key, REMOVE_DISCIPLINE, { input: { disciplineId: given.disciplines[1].gid } });
      expect(res.data!.removeDiscipline.userErrors[0].code).toBe('NOT_YOUR_PROGRAM');
    }
    expect(await disciplineRows(api, given.id)).toHaveLength(2);
  });

  test('a READER key of the owning HEI is FORBIDDEN', async () => {
    const given = await givenProgram(api, { disciplines: [{ credits: 50 }] });
    const reader = await api.keyFor(BIN.INEU, 'READER');
    const res = await api.gql(reader, REMOVE_DISCIPLINE, { input: { disciplineId: given.disciplines[0].gid } });
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await disciplineRows(api, given.id)).toHaveLength(1);
  });

  test('an HEI creates a programme, builds it and is refused a duplicate code; an employer may not create one', async () => {
    const create = graphql(
      `
        mutation ($input: CreateProgramInput!) {
          createProgram(input: $input) {
            program {
              id
              code
              level
              hei {
                bin
              }
              ...ProgramTotals
            }
            userErrors {
              ...ProgramErrors
            }
          }
        }
      `,
      [TOTALS, ERRORS],
    );
    const input = { code: '6b07106', level: 'BACHELOR' as const, name: { kk: 'Мехатроника', ru: 'Мехатроника', en: 'Mechatronics' } };
    const created = await api.gql(ineuWriter, create, { input });
    expect(created.data!.createProgram).toMatchObject({
      userErrors: [],
      program: { code: '6B07106', hei: { bin: BIN.INEU }, totalCredits: 0, employerAdaptedShare: 0, meetsCreditNorm: false },
    });
    const again = await api.gql(ineuWriter, create, { input });
    expect(again.data!.createProgram.userErrors[0]).toMatchObject({ code: 'DUPLICATE_CODE', field: ['input', 'code'] });
    const employer = await api.keyFor(BIN.STEEL_PLANT, 'WRITER');
    expect((await api.gql(employer, create, { input: { ...input, code: '6B07107' } })).data!.createProgram.userErrors[0].code).toBe('NOT_AN_HEI');

    const programId = created.data!.createProgram.program!.id;
    const module = await api.gql(
      ineuWriter,
      graphql(
        `
          mutation ($input: AddProgramModuleInput!) {
            addProgramModule(input: $input) {
              module {
                id
                code
              }
              userErrors {
                ...ProgramErrors
              }
            }
          }
        `,
        [ERRORS],
      ),
      {
        input: { programId, code: 'M01', name: name('Mechatronic systems') },
      },
    );
    const moduleId = module.data!.addProgramModule.module!.id;
    const bad = await api.gql(ineuWriter, ADD_DISCIPLINE, {
      input: { moduleId, code: 'Z', name: name('Z'), cycle: 'CD', credits: 0, adaptedByEmployerId: await orgGid(BIN.INEU) },
    });
    expect(bad.data!.addDiscipline.userErrors.map((e: { code: string }) => e.code).sort()).toEqual(['EMPLOYER_NOT_FOUND', 'INVALID_CREDITS']);
    // An adapted discipline alone would be 100 % of the programme.
    const first = await api.gql(ineuWriter, ADD_DISCIPLINE, {
      input: { moduleId, code: 'A', name: name('A'), cycle: 'CD', credits: 5, adaptedByEmployerId: await orgGid(BIN.STEEL_PLANT) },
    });
    expect(first.data!.addDiscipline.userErrors[0].message).toContain('would reach 100.0 %');

    const competency = await api.gql(
      ineuWriter,
      graphql(
        `
          mutation ($input: AddCompetencyInput!) {
            addCompetency(input: $input) {
              competency {
                id
                code
                kind
              }
              userErrors {
                ...ProgramErrors
              }
            }
          }
        `,
        [ERRORS],
      ),
      {
        input: { programId, code: 'PC1', kind: 'PROFESSIONAL', description: name('Design mechatronic systems') },
      },
    );
    const outcome = await api.gql(
      ineuWriter,
      graphql(
        `
          mutation ($input: AddLearningOutcomeInput!) {
            addLearningOutcome(input: $input) {
              learningOutcome {
                code
                descriptor
              }
              competency {
                code
              }
              userErrors {
                ...ProgramErrors
              }
            }
          }
        `,
        [ERRORS],
      ),
      {
        input: {
          competencyId: competency.data!.addCompetency.competency!.id,
          code: 'LO1.1',
          descriptor: 'MAKING_JUDGEMENTS',
          description: name('Chooses drives'),
        },
      },
    );
    expect(outcome.data!.addLearningOutcome).toEqual({
      learningOutcome: { code: 'LO1.1', descriptor: 'MAKING_JUDGEMENTS' },
      competency: { code: 'PC1' },
      userErrors: [],
    });
  });
});

describe('programmes connection', () => {
  test('filters by HEI, level and search, and pages with cursors', async () => {
    const keeu = await orgGid(BIN.KEEU);
    const byHei = await api.gql(
      ineuWriter,
      graphql(`
        query ($hei: ID!) {
          programs(filter: { heiId: $hei }) {
            totalCount
            nodes {
              code
            }
          }
        }
      `),
      { hei: keeu },
    );
    expect(byHei.data!.programs).toEqual({ totalCount: 1, nodes: [{ code: '6B07105' }] });
    const search = await api.gql(
      ineuWriter,
      graphql(`
        {
          programs(filter: { search: "мехатрон", level: BACHELOR }) {
            nodes {
              code
            }
          }
        }
      `),
    );
    expect(search.data!.programs.nodes).toEqual([{ code: '6B07105' }]);

    const hei = await orgGid(BIN.COLLEGE);
    for (let i = 0; i < 3; i++) await givenProgram(api, { hei: BIN.COLLEGE, level: 'COLLEGE', code: `0714020${i}`, disciplines: [{ credits: 5 }] });
    const page = graphql(`
      query ($hei: ID!, $after: String) {
        programs(filter: { heiId: $hei }, first: 2, after: $after) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            code
          }
        }
      }
    `);
    const first = await api.gql(ineuWriter, page, { hei });
    expect(first.data!.programs).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true }, nodes: [{ code: '07140100' }, { code: '07140200' }] });
    const second = await api.gql(ineuWriter, page, { hei, after: first.data!.programs.pageInfo.endCursor });
    expect(second.data!.programs).toMatchObject({ pageInfo: { hasNextPage: false }, nodes: [{ code: '07140201' }, { code: '07140202' }] });
    const byName = await api.gql(
      ineuWriter,
      graphql(`
        query ($hei: ID!) {
          programs(filter: { heiId: $hei }, orderBy: NAME, first: 1) {
            nodes {
              name {
                en
              }
            }
          }
        }
      `),
      {
        hei,
      },
    );
    expect(byName.data!.programs.nodes[0].name.en).toBe('Automation and control of technological processes (industrial automation)');
  });

  test('nested hei, modules, disciplines, adapting employers, totals and outcomes cost the same statements for 2 and for 10 programmes', async () => {
    const hei = BIN.WKATU;
    for (let i = 0; i < 10; i++) {
      await givenProgram(api, {
        hei,
        // Sorted before WKATU's fixture programme 6B07102, so the first n are these.
        code: `6B0700${i}`,
        modules: 2,
        competencies: 2,
        disciplines: [{ credits: 30 }, { credits: 20 }, { credits: 10, adaptedBy: BIN.OIL_GAS_PLANT }, { credits: 5, adaptedBy: BIN.STEEL_PLANT }],
      });
    }
    const query = graphql(
      `
        query ($hei: ID!, $n: Int) {
          programs(filter: { heiId: $hei }, first: $n) {
            nodes {
              code
              hei {
                bin
              }
              ...ProgramTotals
              modules {
                code
                disciplines {
                  code
                  credits
                  adaptedBy {
                    bin
                  }
                }
              }
              competencies {
                code
                learningOutcomes {
                  code
                }
              }
            }
          }
        }
      `,
      [TOTALS],
    );
    const heiId = await orgGid(hei);
    await api.gql(ineuWriter, query, { hei: heiId, n: 1 }); // warm-up: the key's "last used" write
    const count = async (n: number) => {
      api.resetQueries();
      const res = await api.gql(ineuWriter, query, { hei: heiId, n });
      expect(res.errors).toBeUndefined();
      expect(res.data!.programs.nodes).toHaveLength(n);
      expect(res.data!.programs.nodes.every((p: { totalCredits: number }) => p.totalCredits === 65)).toBe(true);
      // The key's authentication is not part of the page (and is cached for a second).
      return api.queries.filter((sql) => !/\bapi_key\b/.test(sql)).length;
    };
    const two = await count(2);
    const ten = await count(10);
    console.log(`programs with nested modules/disciplines/employers/totals/outcomes: first 2 → ${two} SQL statements, first 10 → ${ten}`);
    expect(two).toBeGreaterThan(5);
    expect(ten).toBe(two);
  });
});
