import { randomBytes } from 'node:crypto';
import { toGlobalId } from '../../src/graphql/relay';
import { Organization } from '../../src/organizations';
import {
  Competency,
  CompetencyKind,
  Discipline,
  DisciplineCycle,
  DublinDescriptor,
  LearningOutcome,
  Program,
  ProgramLevel,
  ProgramModule,
} from '../../src/programs';
import { BIN, type TestApi } from './api';

/** One discipline of {@link givenProgram}: its credits and, if adapted, the employer's BIN. */
export interface GivenDiscipline {
  credits: number;
  adaptedBy?: string;
  cycle?: DisciplineCycle;
}

/** What {@link givenProgram} made, with row ids and global ids. */
export interface GivenProgram {
  id: string;
  gid: string;
  code: string;
  moduleGids: string[];
  /** In the order given. */
  disciplines: { id: string; gid: string; code: string }[];
}

const text = (en: string) => ({ kk: `${en} (kk)`, ru: `${en} (ru)`, en });

/**
 * A programme written straight through the ORM (no rules applied, so a test can start from any
 * state, even one above 30 %). Disciplines are spread round-robin over `modules` modules.
 */
export async function givenProgram(
  api: TestApi,
  options: {
    hei?: string;
    code?: string;
    level?: ProgramLevel | `${ProgramLevel}`;
    name?: string;
    modules?: number;
    disciplines: GivenDiscipline[];
    competencies?: number;
  },
): Promise<GivenProgram> {
  const { em } = api.system();
  const bins = [options.hei ?? BIN.INEU, ...options.disciplines.flatMap((d) => (d.adaptedBy ? [d.adaptedBy] : []))];
  const orgs = new Map((await em.find(Organization, { bin: { $in: bins } })).map((o) => [o.bin, o]));
  const code = options.code ?? `T${randomBytes(4).toString('hex').toUpperCase()}`;
  const program = em.create(Program, {
    hei: orgs.get(options.hei ?? BIN.INEU)!,
    code,
    level: (options.level as ProgramLevel | undefined) ?? ProgramLevel.BACHELOR,
    name: text(options.name ?? `Test programme ${code}`),
  });
  const modules = Array.from({ length: options.modules ?? 1 }, (_, i) =>
    em.create(ProgramModule, { program, code: `M${i + 1}`, name: text(`Module ${i + 1}`) }),
  );
  const disciplines = options.disciplines.map((d, i) =>
    em.create(Discipline, {
      program,
      module: modules[i % modules.length],
      code: `D${String(i + 1).padStart(2, '0')}`,
      name: text(`Discipline ${i + 1}`),
      cycle: d.cycle ?? DisciplineCycle.CD,
      credits: d.credits,
      adaptedBy: d.adaptedBy ? orgs.get(d.adaptedBy) : undefined,
    }),
  );
  for (let c = 0; c < (options.competencies ?? 0); c++) {
    const competency = em.create(Competency, { program, code: `PC${c + 1}`, kind: CompetencyKind.PROFESSIONAL, description: text(`Competency ${c + 1}`) });
    em.create(LearningOutcome, { competency, code: `LO${c + 1}.1`, descriptor: DublinDescriptor.APPLYING_KNOWLEDGE, description: text(`Outcome ${c + 1}.1`) });
  }
  await em.flush();
  return {
    id: program.id,
    gid: toGlobalId('Program', program.id),
    code,
    moduleGids: modules.map((m) => toGlobalId('ProgramModule', m.id)),
    disciplines: disciplines.map((d) => ({ id: d.id, gid: toGlobalId('Discipline', d.id), code: d.code })),
  };
}

/** The stored state of a programme's disciplines, for "the database is unchanged" assertions. */
export async function disciplineRows(api: TestApi, programId: string): Promise<{ code: string; credits: number; adaptedBy: string | null; module: string }[]> {
  const rows = await api.system().em.find(Discipline, { program: programId }, { orderBy: { code: 'asc' }, filters: false });
  return rows.map((d) => ({ code: d.code, credits: d.credits, adaptedBy: d.adaptedBy?.id ?? null, module: d.module.id }));
}
