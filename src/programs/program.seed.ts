import fs from 'node:fs';
import path from 'node:path';
import { FixtureError, readFixtureFile } from '../seed/fixture-file';
import { Organization, OrganizationKind } from '../organizations';
import type { LocalizedText } from '../shared/localized';
import type { RequestContext } from '../shared/request-context';
import { Competency, type CompetencyKind } from './competency.entity';
import { Discipline, type DisciplineCycle } from './discipline.entity';
import { type DublinDescriptor, LearningOutcome } from './learning-outcome.entity';
import { ProgramModule } from './program-module.entity';
import { Program } from './program.entity';
import { CREDIT_NORM, employerShare, formatShare, MAX_EMPLOYER_SHARE_PERCENT, meetsCreditNorm, type ProgramLevel, withinEmployerShare } from './program.rules';

/** Shape of `fixtures/programs.yaml` (validated by `fixtures/schemas/programs.schema.json`). */
export interface ProgramsFixture {
  programs: {
    /** BIN of the HEI. */
    hei: string;
    code: string;
    level: ProgramLevel;
    name: LocalizedText;
    modules: {
      code: string;
      name: LocalizedText;
      disciplines: { code: string; name: LocalizedText; cycle: DisciplineCycle; credits: number; semester?: number; adaptedBy?: string }[];
    }[];
    competencies?: {
      code: string;
      kind: CompetencyKind;
      description: LocalizedText;
      learningOutcomes: { code: string; descriptor: DublinDescriptor; description: LocalizedText }[];
    }[];
  }[];
}

/**
 * Checks what the JSON Schema cannot: each programme totals its level's norm, keeps the
 * employer-adapted share within 30 %, and uses each discipline code once. Throws
 * {@link FixtureError} with file, path and reason.
 */
export function checkProgramsFixture(file: string, fixture: ProgramsFixture): void {
  const problems: { path: string; reason: string }[] = [];
  fixture.programs.forEach((program, i) => {
    const disciplines = program.modules.flatMap((m) => m.disciplines);
    const total = disciplines.reduce((sum, d) => sum + d.credits, 0);
    const adapted = disciplines.filter((d) => d.adaptedBy).reduce((sum, d) => sum + d.credits, 0);
    if (!meetsCreditNorm(program.level, total)) {
      problems.push({
        path: `/programs/${i}`,
        reason: `${program.code} totals ${total} credits; a ${program.level} programme totals ${CREDIT_NORM[program.level]}`,
      });
    }
    if (!withinEmployerShare({ total, adapted })) {
      problems.push({
        path: `/programs/${i}`,
        reason: `${program.code}: employer-adapted share ${formatShare(employerShare({ total, adapted }))} exceeds ${MAX_EMPLOYER_SHARE_PERCENT} %`,
      });
    }
    const seen = new Set<string>();
    for (const d of disciplines) {
      if (seen.has(d.code)) problems.push({ path: `/programs/${i}`, reason: `${program.code}: discipline code "${d.code}" is used twice` });
      seen.add(d.code);
    }
  });
  if (problems.length > 0) throw new FixtureError(file, problems);
}

/**
 * Adds the programmes of `programs.yaml` (by HEI + code) that do not exist yet, with their modules,
 * disciplines, competencies and learning outcomes. An existing programme is its HEI's: changes made
 * through the API (credits, adaptations, removed disciplines) are never reverted by a restart.
 * Needs a system context; runs after the organisations seeder.
 */
export async function seedPrograms(ctx: RequestContext, fixturesDir: string): Promise<void> {
  const file = path.join(fixturesDir, 'programs.yaml');
  if (!fs.existsSync(file)) return;
  const fixture = readFixtureFile<ProgramsFixture>(file, 'programs.schema.json');
  checkProgramsFixture(file, fixture);
  const { em } = ctx;

  const bins = new Set(fixture.programs.flatMap((p) => [p.hei, ...p.modules.flatMap((m) => m.disciplines.flatMap((d) => (d.adaptedBy ? [d.adaptedBy] : [])))]));
  const byBin = new Map((await em.find(Organization, { bin: { $in: [...bins] } })).map((o) => [o.bin, o]));
  const organization = (bin: string, kind: OrganizationKind, at: string): Organization => {
    const found = byBin.get(bin);
    if (!found || found.kind !== kind) throw new FixtureError(file, [{ path: at, reason: `no ${kind} with BIN ${bin} in organizations.yaml` }]);
    return found;
  };

  const heis = fixture.programs.map((p, i) => organization(p.hei, OrganizationKind.HEI, `/programs/${i}/hei`));
  const existing = await em.find(Program, { hei: { $in: heis } });

  for (const [i, data] of fixture.programs.entries()) {
    const hei = heis[i];
    if (existing.some((p) => p.hei.id === hei.id && p.code === data.code)) continue;
    const program = em.create(Program, { hei, code: data.code, level: data.level, name: data.name });
    for (const [m, moduleData] of data.modules.entries()) {
      const module = em.create(ProgramModule, { program, code: moduleData.code, name: moduleData.name });
      for (const [d, disciplineData] of moduleData.disciplines.entries()) {
        const adaptedBy = disciplineData.adaptedBy
          ? organization(disciplineData.adaptedBy, OrganizationKind.EMPLOYER, `/programs/${i}/modules/${m}/disciplines/${d}/adaptedBy`)
          : undefined;
        em.create(Discipline, {
          program,
          module,
          code: disciplineData.code,
          name: disciplineData.name,
          cycle: disciplineData.cycle,
          credits: disciplineData.credits,
          semester: disciplineData.semester,
          adaptedBy,
        });
      }
    }
    for (const competencyData of data.competencies ?? []) {
      const competency = em.create(Competency, { program, code: competencyData.code, kind: competencyData.kind, description: competencyData.description });
      for (const outcomeData of competencyData.learningOutcomes) em.create(LearningOutcome, { competency, ...outcomeData });
    }
  }
  await em.flush();
}
