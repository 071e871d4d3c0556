import path from 'node:path';
import { Placement } from '../placements';
import { Competency, Program } from '../programs';
import { readFixtureFile } from '../seed/fixture-file';
import type { Localized } from '../shared/localized';
import type { RequestContext } from '../shared/request-context';
import { LogbookEntry, LogbookEntryStatus, LogbookNorm, PracticePlan, WorkAssignment } from './logbook.entity';
import { ProgressReview, ProgressReviewStatus } from './progress-review.entity';

interface LogbookFixture {
  norms: { code: string; maxHoursPerDay: number; hoursPerCredit: number; behindBelow: number; atRiskBelow: number }[];
  placements: {
    placementCode: string;
    programCode: string;
    practiceCredits: number;
    assignments?: { key: string; title: Localized; competencies?: string[]; plannedHours: number; dueDate: string }[];
    entries?: { date: string; hours: number; activity: string; learned?: string; competencies?: string[]; assignments?: string[]; signed?: boolean }[];
    reviews?: { scheduledOn: string; heldOn?: string; weakPoints?: string; actions?: string; signed?: boolean }[];
  }[];
}

/**
 * Seeds `fixtures/logbook.yaml`: the norms (by code, when missing), and for each listed placement
 * that has no practice plan yet, its plan, work assignments and entries (signed ones signed by
 * the placement's mentor at the end of their day) and progress reviews (signed ones by the
 * student, the mentor and the curator). Never changes what exists. Idempotent.
 */
export async function seedLogbook(ctx: RequestContext, fixturesDir: string): Promise<void> {
  const data = readFixtureFile<LogbookFixture>(path.join(fixturesDir, 'logbook.yaml'), 'logbook.schema.json');
  const { em } = ctx;
  for (const norm of data.norms) {
    if ((await em.count(LogbookNorm, { code: norm.code })) === 0) em.create(LogbookNorm, norm);
  }
  for (const fixture of data.placements) {
    const placement = await em.findOne(Placement, { code: fixture.placementCode });
    if (!placement) throw new Error(`logbook.yaml: unknown placement ${fixture.placementCode}`);
    if ((await em.count(PracticePlan, { placement })) > 0) continue;
    const program = await em.findOne(Program, { code: fixture.programCode, hei: placement.hei });
    if (!program) throw new Error(`logbook.yaml: ${fixture.placementCode}: no programme ${fixture.programCode} at its HEI`);
    const competencies = new Map((await em.find(Competency, { program })).map((c) => [c.code, c.id]));
    const competencyIds = (codes: string[] = []) =>
      codes.map((code) => {
        const id = competencies.get(code);
        if (!id) throw new Error(`logbook.yaml: ${fixture.placementCode}: programme ${fixture.programCode} has no competency ${code}`);
        return id;
      });
    const parties = { placement, hei: placement.hei, employer: placement.employer };
    em.create(PracticePlan, { ...parties, program, practiceCredits: fixture.practiceCredits });
    if (!placement.mentor && (fixture.assignments?.length || fixture.entries?.some((e) => e.signed))) {
      throw new Error(`logbook.yaml: ${fixture.placementCode} has no mentor to set tasks or sign entries`);
    }
    const tasks = new Map<string, string>();
    for (const a of fixture.assignments ?? []) {
      const row = em.create(WorkAssignment, {
        ...parties,
        setBy: placement.mentor!,
        title: a.title,
        competencyIds: competencyIds(a.competencies),
        plannedHours: a.plannedHours,
        dueDate: a.dueDate,
      });
      tasks.set(a.key, row.id);
    }
    for (const e of fixture.entries ?? []) {
      em.create(LogbookEntry, {
        ...parties,
        student: placement.student,
        date: e.date,
        hours: e.hours,
        activity: e.activity,
        learned: e.learned,
        competencyIds: competencyIds(e.competencies),
        assignmentIds: (e.assignments ?? []).map((key) => {
          const id = tasks.get(key);
          if (!id) throw new Error(`logbook.yaml: ${fixture.placementCode}: unknown assignment ${key}`);
          return id;
        }),
        ...(e.signed ? { status: LogbookEntryStatus.SIGNED, signedBy: placement.mentor!, signedAt: new Date(`${e.date}T18:00:00Z`) } : {}),
      });
    }
    for (const r of fixture.reviews ?? []) {
      const signedAt = r.heldOn && r.signed ? new Date(`${r.heldOn}T17:00:00Z`) : undefined;
      if (signedAt && !placement.curator) throw new Error(`logbook.yaml: ${fixture.placementCode} has no curator to sign its review`);
      em.create(ProgressReview, {
        ...parties,
        scheduledOn: r.scheduledOn,
        heldOn: r.heldOn,
        weakPoints: r.weakPoints,
        actions: r.actions,
        status: signedAt ? ProgressReviewStatus.SIGNED : r.heldOn ? ProgressReviewStatus.HELD : ProgressReviewStatus.SCHEDULED,
        ...(signedAt
          ? {
              studentSignedBy: placement.student,
              studentSignedAt: signedAt,
              mentorSignedBy: placement.mentor!,
              mentorSignedAt: signedAt,
              curatorSignedBy: placement.curator!,
              curatorSignedAt: signedAt,
            }
          : {}),
      });
    }
  }
  await em.flush();
}
