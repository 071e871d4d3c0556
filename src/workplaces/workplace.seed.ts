import path from 'node:path';
import { readFixtureFile } from '../seed/fixture-file';
import { HazardCategory } from '../hazards';
import { Organization } from '../organizations';
import type { LocalizedText } from '../shared/localized';
import type { RequestContext } from '../shared/request-context';
import { Workplace } from './workplace.entity';

interface WorkplaceFixture {
  workplaces: { code: string; employerBin: string; site: LocalizedText; department: LocalizedText; description: LocalizedText; hazardCategories: string[] }[];
}

/** Upserts workplaces by code, with their hazard categories. Idempotent; needs a system context. */
export async function seedWorkplaces(ctx: RequestContext, fixturesDir: string): Promise<void> {
  const { workplaces } = readFixtureFile<WorkplaceFixture>(path.join(fixturesDir, 'workplaces.yaml'), 'workplaces.schema.json');
  const { em } = ctx;
  const employers = new Map((await em.find(Organization, { bin: { $in: workplaces.map((w) => w.employerBin) } })).map((o) => [o.bin, o]));
  const hazards = new Map((await em.find(HazardCategory, {})).map((h) => [h.code, h]));
  const existing = new Set((await em.find(Workplace, { code: { $in: workplaces.map((w) => w.code) } })).map((w) => w.code));
  for (const data of workplaces) {
    const employer = employers.get(data.employerBin);
    if (!employer) throw new Error(`workplaces.yaml: ${data.code} names unknown employer BIN ${data.employerBin}`);
    const categories = data.hazardCategories.map((code) => {
      const hazard = hazards.get(code);
      if (!hazard) throw new Error(`workplaces.yaml: ${data.code} names unknown hazard category ${code}`);
      return hazard;
    });
    const fields = { employer, site: data.site, department: data.department, description: data.description };
    // An existing workplace is the employer's to change (its hazard categories are edited through the
    // API and audited): seeding only adds missing ones.
    if (existing.has(data.code)) continue;
    const workplace = em.create(Workplace, { code: data.code, ...fields });
    workplace.hazardCategories.set(categories);
  }
  await em.flush();
}
