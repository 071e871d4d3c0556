import path from 'node:path';
import { readFixtureFile } from '../seed/fixture-file';
import type { Localized } from '../shared/localized';
import type { RequestContext } from '../shared/request-context';
import { GradeBand } from './grading.entity';

interface GradingFixture {
  scales: { code: string; bands: { min: number; max: number; letter: string; gpa: number; passing: boolean; traditional: Localized }[] }[];
}

/** The code of the national 100-point scale every result uses by default. */
export const NATIONAL_SCALE = 'KZ-100';

/** Seeds `fixtures/grading-scale.yaml`: each scale's bands, when the scale has none yet. Never changes what exists. */
export async function seedGradingScales(ctx: RequestContext, fixturesDir: string): Promise<void> {
  const data = readFixtureFile<GradingFixture>(path.join(fixturesDir, 'grading-scale.yaml'), 'grading-scale.schema.json');
  for (const scale of data.scales) {
    if ((await ctx.em.count(GradeBand, { scale: scale.code })) > 0) continue;
    for (const b of scale.bands) {
      ctx.em.create(GradeBand, {
        scale: scale.code,
        minScore: b.min,
        maxScore: b.max,
        letter: b.letter,
        gpa: b.gpa,
        passing: b.passing,
        traditional: b.traditional,
      });
    }
  }
  await ctx.em.flush();
}
