import path from 'node:path';
import { Agreement } from '../agreements';
import { AuditAction } from '../audit';
import { readFixtureFile } from '../seed/fixture-file';
import { Organization, Person } from '../organizations';
import type { Services } from '../modules';
import type { RequestContext } from '../shared/request-context';
import { Workplace } from '../workplaces';
import { Placement, type PlacementStatus, type TimeModel } from './placement.entity';

interface PlacementFixture {
  placements: {
    code: string;
    studentEmail: string;
    heiBin: string;
    employerBin: string;
    workplaceCode: string;
    agreementNumber: string;
    mentorEmail?: string;
    curatorEmail?: string;
    startDate: string;
    endDate: string;
    timeModel: TimeModel;
    daysPerWeek?: number;
    status: PlacementStatus;
    statusReason?: string;
  }[];
}

/**
 * Upserts placements by code. Fixtures state each placement's status as a fact (the history of
 * how it got there predates DualHub), so the seeder sets it directly and records one CREATED
 * entry the first time. Idempotent; needs a system context.
 */
export async function seedPlacements(ctx: RequestContext, fixturesDir: string, { audit }: Pick<Services, 'audit'>): Promise<void> {
  const { placements } = readFixtureFile<PlacementFixture>(path.join(fixturesDir, 'placements.yaml'), 'placements.schema.json');
  const { em } = ctx;
  const find = async <T extends object>(entity: new () => T, key: keyof T & string, values: string[]) =>
    new Map((await em.find(entity, { [key]: { $in: [...new Set(values)] } } as never)).map((row) => [String((row as Record<string, unknown>)[key]), row]));
  const orgs = await find(
    Organization,
    'bin',
    placements.flatMap((p) => [p.heiBin, p.employerBin]),
  );
  const people = await find(
    Person,
    'email',
    placements.flatMap((p) => [p.studentEmail, p.mentorEmail, p.curatorEmail].filter((e): e is string => !!e)),
  );
  const workplaces = await find(
    Workplace,
    'code',
    placements.map((p) => p.workplaceCode),
  );
  const agreements = await find(
    Agreement,
    'number',
    placements.map((p) => p.agreementNumber),
  );
  const existing = await find(
    Placement,
    'code',
    placements.map((p) => p.code),
  );
  const need = <T>(map: Map<string, T>, key: string, code: string, what: string): T => {
    const found = map.get(key);
    if (!found) throw new Error(`placements.yaml: ${code} names unknown ${what} ${key}`);
    return found;
  };
  for (const data of placements) {
    const fields = {
      student: need(people, data.studentEmail, data.code, 'person'),
      hei: need(orgs, data.heiBin, data.code, 'organisation'),
      employer: need(orgs, data.employerBin, data.code, 'organisation'),
      workplace: need(workplaces, data.workplaceCode, data.code, 'workplace'),
      agreement: need(agreements, data.agreementNumber, data.code, 'agreement'),
      mentor: data.mentorEmail ? need(people, data.mentorEmail, data.code, 'person') : undefined,
      curator: data.curatorEmail ? need(people, data.curatorEmail, data.code, 'person') : undefined,
      startDate: data.startDate,
      endDate: data.endDate,
      timeModel: data.timeModel,
      daysPerWeek: data.daysPerWeek,
      status: data.status,
      statusReason: data.statusReason,
    };
    // A placement partners may have moved on since (status, mentor…) is theirs now: seeding only adds
    // what is missing, so a restart never reverts a change behind the audit trail's back.
    if (existing.has(data.code)) continue;
    const placement = em.create(Placement, { code: data.code, ...fields });
    audit.record(ctx, em, {
      objectType: 'Placement',
      objectId: placement.id,
      action: AuditAction.CREATED,
      after: { status: data.status, code: data.code, startDate: data.startDate, endDate: data.endDate },
      reason: 'fixtures',
      visibleTo: [fields.hei.id, fields.employer.id],
      regions: [fields.hei.region, fields.employer.region],
    });
  }
  await em.flush();
}
