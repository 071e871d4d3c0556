import { randomUUID } from 'node:crypto';
import { HazardCategory } from '../../src/hazards';
import type { SessionPassedEvent } from '../../src/lab/lab.events';
import { Organization } from '../../src/organizations';
import { Workplace } from '../../src/workplaces';
import type { TestApi } from './api';
import { graphql } from './graphql';

/** `clearance(studentId, workplaceId)` with its status and each category's status and deciding record kind. */
export const CLEARANCE_OF_PAIR = graphql(`
  query ($s: ID!, $w: ID!) {
    clearance(studentId: $s, workplaceId: $w) {
      clearance {
        status
        categories {
          code
          status
          readiness {
            kind
          }
        }
      }
      userErrors {
        code
      }
    }
  }
`);

/** Options of {@link ReadinessFactories.givenPass}. */
export interface PassOptions {
  studentId: string;
  exerciseId?: string;
  exerciseVersion?: number;
  score?: number;
  passedAt?: Date;
  hazardCategories?: string[];
}

/** Test data for readiness: workplaces with chosen hazards, and passed sessions. */
export class ReadinessFactories {
  constructor(private readonly api: TestApi) {}

  /** A new workplace of the employer with exactly these hazard categories. */
  async givenWorkplace(employerBin: string, hazardCodes: string[]): Promise<Workplace> {
    const em = this.api.system().em;
    const employer = await em.findOneOrFail(Organization, { bin: employerBin });
    const categories = await em.find(HazardCategory, { code: { $in: hazardCodes } });
    const text = { kk: 'Сынақ', ru: 'Тест', en: 'Test' };
    const workplace = em.create(Workplace, { code: `T-${randomUUID().slice(0, 8).toUpperCase()}`, employer, site: text, department: text, description: text });
    workplace.hazardCategories.set(categories);
    await em.flush();
    return workplace;
  }

  /**
   * A PASSED verdict as the lab announces it: every `onSessionPassed` handler of the app's modules runs in
   * one transaction on a system context, exactly as the lab's PostgreSQL port calls them.
   */
  async givenPass(options: PassOptions): Promise<SessionPassedEvent> {
    const event: SessionPassedEvent = {
      sessionId: randomUUID(),
      studentId: options.studentId,
      exerciseId: options.exerciseId ?? 'robot.safe-cell-entry',
      exerciseVersion: options.exerciseVersion ?? 1,
      hazardCategories: options.hazardCategories ?? ['ROBOT_CELL'],
      score: options.score ?? 95,
      stationId: 'robot-1',
      startedBy: null,
      passedAt: options.passedAt ?? new Date(),
    };
    await this.announce(event);
    return event;
  }

  /** Runs every `onSessionPassed` handler of the app for an event, in one transaction. */
  async announce(event: SessionPassedEvent): Promise<void> {
    const ctx = this.api.system();
    await ctx.em.transactional(async (em) => {
      for (const handler of this.api.hub.app.sessionPassed) await handler({ ...ctx, em }, event);
    });
  }
}
