import path from 'node:path';
import { readFixtureFile } from '../seed/fixture-file';
import type { LocalizedText } from '../shared/localized';
import type { RequestContext } from '../shared/request-context';
import { HazardCategory } from './hazard-category.entity';

interface HazardCategoryFixture {
  hazardCategories: { code: string; name: LocalizedText; description: LocalizedText }[];
}

/** Upserts the hazard-category catalogue by code. Idempotent; needs a system context. */
export async function seedHazardCategories(ctx: RequestContext, fixturesDir: string): Promise<void> {
  const { hazardCategories } = readFixtureFile<HazardCategoryFixture>(path.join(fixturesDir, 'hazard-categories.yaml'), 'hazard-categories.schema.json');
  const { em } = ctx;
  const byCode = new Map((await em.find(HazardCategory, { code: { $in: hazardCategories.map((h) => h.code) } })).map((h) => [h.code, h]));
  for (const data of hazardCategories) {
    const existing = byCode.get(data.code);
    if (existing) em.assign(existing, data);
    else em.create(HazardCategory, data);
  }
  await em.flush();
}
