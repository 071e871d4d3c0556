import path from 'node:path';
import type { Services } from '../modules';
import { Organization } from '../organizations';
import { Program } from '../programs';
import { readFixtureFile } from '../seed/fixture-file';
import type { Localized } from '../shared/localized';
import type { RequestContext } from '../shared/request-context';
import { ConsolidatedOrder } from './consolidated-order.entity';
import { ControlFigure } from './control-figure.entity';
import type { DemandReason } from './demand.rules';
import { IndustryOrderLine } from './industry-order-line.entity';
import { Qualification } from './qualification.entity';
import { WorkforceDemand } from './workforce-demand.entity';

interface QualificationFixture {
  qualifications: { code: string; industry: string; name: Localized }[];
}

interface PipelineFixture {
  region: string;
  demand: {
    employer: string;
    qualificationCode: string;
    counts: number[];
    reason: DemandReason;
    offersDualPlaces: boolean;
    dualPlaces?: number;
    mentors?: number;
  }[];
  agreedOrder: { council: string; lines: { qualificationCode: string; yearOffset: number; count: number; requirements: string }[] };
  consolidatedOrder: {
    coordinator: string;
    authority: string;
    yearOffset: number;
    approvalNumber: string;
    lines: { qualificationCode: string; count: number; executor: string; justification?: string }[];
  };
  controlFigures: { hei: string; program: string; qualificationCode: string; budgetPlaces: number; dualPlaces: number; justification?: string }[];
}

function must<T>(outcome: { ok: true; value: T } | { ok: false; violations: unknown[] }, what: string): T {
  if (!outcome.ok) throw new Error(`demand-pipeline.yaml: ${what}: ${JSON.stringify(outcome.violations)}`);
  return outcome.value;
}

/**
 * Seeds the qualification classifier (upsert by code) and one year's pipeline for the region of
 * `demand-pipeline.yaml`, through the services so the data obeys the rules the API enforces.
 * Adds only what is missing; never overwrites what partners changed. Needs a system context.
 */
export async function seedDemand(ctx: RequestContext, fixturesDir: string, services: Services): Promise<void> {
  const { qualifications } = readFixtureFile<QualificationFixture>(path.join(fixturesDir, 'qualifications.yaml'), 'qualifications.schema.json');
  const { em } = ctx;
  const byCode = new Map((await em.find(Qualification, {})).map((q) => [q.code, q]));
  for (const data of qualifications) {
    const existing = byCode.get(data.code);
    if (existing) em.assign(existing, data);
    else em.create(Qualification, data);
  }
  await em.flush();

  const fixture = readFixtureFile<PipelineFixture>(path.join(fixturesDir, 'demand-pipeline.yaml'), 'demand-pipeline.schema.json');
  const bins = new Set([
    ...fixture.demand.map((d) => d.employer),
    fixture.agreedOrder.council,
    fixture.consolidatedOrder.coordinator,
    fixture.consolidatedOrder.authority,
    ...fixture.consolidatedOrder.lines.map((l) => l.executor),
    ...fixture.controlFigures.map((c) => c.hei),
  ]);
  const orgs = new Map((await em.find(Organization, { bin: { $in: [...bins] } })).map((o) => [o.bin, o]));
  const org = (bin: string) => {
    const found = orgs.get(bin);
    if (!found) throw new Error(`demand-pipeline.yaml: unknown organisation BIN ${bin}`);
    return found;
  };
  const year = ctx.clock.now().getUTCFullYear();

  for (const data of fixture.demand) {
    const employer = org(data.employer);
    if ((await em.count(WorkforceDemand, { employer, qualificationCode: data.qualificationCode })) > 0) continue;
    const demand = must(await services.demand.create(ctx, { ...data, employerId: employer.id }), `demand of ${data.employer}`);
    must(await services.demand.submit(ctx, demand.id), `submitting demand of ${data.employer}`);
  }

  const council = org(fixture.agreedOrder.council);
  const missing = [];
  for (const line of fixture.agreedOrder.lines) {
    if ((await em.count(IndustryOrderLine, { council, qualificationCode: line.qualificationCode, year: year + line.yearOffset })) === 0)
      missing.push({ ...line, year: year + line.yearOffset });
  }
  if (missing.length > 0) must(await services.demand.agreeIndustryOrder(ctx, missing, council.id), 'agreed order');

  const spec = fixture.consolidatedOrder;
  const coordinator = org(spec.coordinator);
  const orderYear = year + spec.yearOffset;
  if ((await em.count(ConsolidatedOrder, { region: coordinator.region, year: orderYear })) === 0) {
    const lines = spec.lines.map((l) => ({
      qualificationCode: l.qualificationCode,
      year: orderYear,
      count: l.count,
      executorId: org(l.executor).id,
      justification: l.justification,
    }));
    const order = must(await services.orders.create(ctx, { year: orderYear, lines, coordinatorId: coordinator.id }), 'consolidated order');
    must(await services.orders.agreeLines(ctx, order.id, council.id), 'agreeing the order');
    const today = ctx.clock.now().toISOString().slice(0, 10);
    must(await services.orders.approve(ctx, order.id, { number: spec.approvalNumber, date: today }, org(spec.authority).id), 'approving the order');
    must(await services.orders.place(ctx, order.id, coordinator.id), 'placing the order');
    for (const line of await services.orders.linesOf(ctx, [order.id]).then((groups) => groups[0])) {
      must(await services.orders.decideLine(ctx, line.id, { accept: true }), 'accepting a line');
    }
  }

  const authority = org(spec.authority);
  for (const data of fixture.controlFigures) {
    const hei = org(data.hei);
    const program = await em.findOne(Program, { hei, code: data.program });
    if (!program) throw new Error(`demand-pipeline.yaml: HEI ${data.hei} has no programme ${data.program}`);
    if ((await em.count(ControlFigure, { hei, program, year: orderYear })) > 0) continue;
    must(
      await services.orders.setControlFigure(ctx, { ...data, heiId: hei.id, programId: program.id, year: orderYear }, authority.id),
      `control figures of ${data.hei}`,
    );
  }
}
