import path from 'node:path';
import { readFixtureFile } from '../seed/fixture-file';
import { HazardCategory } from '../hazards';
import type { RequestContext } from '../shared/request-context';
import { type ReadinessMode, ReadinessPolicy, type RefresherRule } from './readiness-policy.entity';

interface PolicyFixture {
  policies: {
    hazardCategory: string;
    mode: ReadinessMode;
    exercises: string[];
    minScore: number;
    validityDays: number;
    manualAllowed?: boolean;
    refresher?: RefresherRule;
    note?: string;
  }[];
}

/**
 * Seeds version 1 of each category's readiness policy from `fixtures/readiness-policies.yaml`,
 * only for categories that have no policy yet: versions made through the API are never
 * overwritten. Idempotent; needs a system context and the hazard categories.
 */
export async function seedReadinessPolicies(ctx: RequestContext, fixturesDir: string): Promise<void> {
  const { policies } = readFixtureFile<PolicyFixture>(path.join(fixturesDir, 'readiness-policies.yaml'), 'readiness-policies.schema.json');
  const { em } = ctx;
  const categories = new Map((await em.find(HazardCategory, { code: { $in: policies.map((p) => p.hazardCategory) } })).map((c) => [c.code, c]));
  const existing = new Set((await em.find(ReadinessPolicy, {}, { fields: ['hazardCategory'] })).map((p) => p.hazardCategory.id));
  for (const data of policies) {
    const category = categories.get(data.hazardCategory);
    if (!category) throw new Error(`readiness-policies.yaml: unknown hazard category ${data.hazardCategory}`);
    if (existing.has(category.id)) continue;
    em.create(ReadinessPolicy, {
      hazardCategory: category,
      version: 1,
      mode: data.mode,
      exercises: data.exercises,
      minScore: data.minScore,
      validityDays: data.validityDays,
      manualAllowed: data.manualAllowed ?? true,
      refresher: data.refresher,
      note: data.note,
      changedBy: 'seed',
    });
  }
  await em.flush();
}
