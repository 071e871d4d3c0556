import type { Services } from '../modules';
import { Organization } from '../organizations';
import { Program } from '../programs';
import type { RequestContext } from '../shared/request-context';
import { addMonths, readOutcomesFixture } from '../graduates';
import { AccreditationRequest } from './accreditation.entity';
import { AccreditationKind, AccreditationOutcome } from './accreditation.rules';

function must<T>(outcome: { ok: true; value: T } | { ok: false; violations: unknown[] }, what: string): T {
  if (!outcome.ok) throw new Error(`outcomes.yaml: ${what}: ${JSON.stringify(outcome.violations)}`);
  return outcome.value;
}

const daysFrom = (day: string, days: number) => new Date(Date.parse(day) + days * 86_400_000).toISOString().slice(0, 10);

/** Seeds the accreditations of `fixtures/outcomes.yaml` (request, decision, conditions) through the service; adds only what is missing. */
export async function seedAccreditation(ctx: RequestContext, fixturesDir: string, services: Services): Promise<void> {
  const { accreditations } = readOutcomesFixture(fixturesDir);
  const { em } = ctx;
  const today = ctx.clock.now().toISOString().slice(0, 10);
  for (const a of accreditations) {
    const hei = await em.findOneOrFail(Organization, { bin: a.hei });
    const agency = await em.findOneOrFail(Organization, { bin: a.agency });
    const program = await em.findOneOrFail(Program, { hei, code: a.program });
    if ((await em.count(AccreditationRequest, { program, agency })) > 0) continue;
    const request = must(
      await services.accreditation.request(ctx, { heiId: hei.id, programId: program.id, agencyId: agency.id, kind: a.kind as AccreditationKind }),
      `request for ${a.program}`,
    );
    const decidedOn = daysFrom(today, -a.decidedDaysAgo);
    const decision = must(
      await services.accreditation.recordDecision(ctx, {
        requestId: request.id,
        standard: a.standard,
        outcome: a.outcome as AccreditationOutcome,
        decidedOn,
        validFrom: decidedOn,
        validUntil: daysFrom(addMonths(decidedOn, 12 * a.validYears), -1),
        conditions: (a.conditions ?? []).map((c) => ({ text: c.text, dueDate: daysFrom(decidedOn, c.dueDaysAfterDecision) })),
      }),
      `decision on ${a.program}`,
    );
    const conditions = await services.accreditation.conditionsOf(ctx, [decision.id]);
    for (const [i, c] of (a.conditions ?? []).entries()) {
      if (c.fulfilledDaysAgo === undefined) continue;
      const condition = conditions[0]!.find((row) => row.text === c.text.trim()) ?? conditions[0]![i]!;
      must(
        await services.accreditation.fulfil(ctx, {
          conditionId: condition.id,
          fulfilledOn: daysFrom(today, -c.fulfilledDaysAgo),
          evidence: c.evidence ?? 'recorded',
        }),
        `fulfilment of condition ${i + 1} of ${a.program}`,
      );
    }
  }
}
