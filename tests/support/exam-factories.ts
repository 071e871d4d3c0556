import type { Placement } from '../../src/placements';
import { PlacementStatus } from '../../src/placements';
import { Program } from '../../src/programs';
import { BIN, type TestApi } from './api';
import { day, type Factories, gid } from './factories';
import { graphql } from './graphql';

/** A production exam with its commission's two members (Person global ids). */
export interface GivenExam {
  id: string;
  /** The enterprise representative (STEEL_PLANT). */
  enterprise: string;
  /** The third-party expert (KEEU). */
  expert: string;
}

export const RECORD_EXAM_RESULT = graphql(`
  mutation ($input: RecordExamResultInput!) {
    recordExamResult(input: $input) {
      examResult {
        id
        theoryScore
        qualificationWorkScore
        finalScore
        scale
        letter
        gpa
        passed
        recordedBy {
          id
        }
        certificate {
          id
          jwt
          json
          document
          qualificationCode
          level
          score
          letter
          competences {
            code
          }
          commission {
            side
          }
          revokedAt
        }
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

/**
 * Production exams over HTTP with INEU's WRITER key (6B07101 with STEEL_PLANT): held on a given
 * day with materials approved 40 days before and a balanced commission (one of STEEL_PLANT, one
 * of KEEU), and council decisions on new ACTIVE placements.
 */
export class ExamFactories {
  constructor(
    private readonly api: TestApi,
    private readonly given: Factories,
    private readonly heiKey: string,
  ) {}

  async givenHeldExam(examDate = day(-1)): Promise<GivenExam> {
    const program = await this.api
      .system()
      .em.fork()
      .findOneOrFail(Program, { code: '6B07101', hei: { bin: BIN.INEU } });
    const scheduled = await this.api.gql(
      this.heiKey,
      graphql(`
        mutation ($input: ScheduleProductionExamInput!) {
          scheduleProductionExam(input: $input) {
            productionExam {
              id
            }
            userErrors {
              code
            }
          }
        }
      `),
      {
        input: {
          programId: gid('Program', program),
          employerId: gid('Organization', await this.api.orgId(BIN.STEEL_PLANT)),
          examDate,
          materialsApprovedOn: new Date(Date.parse(`${examDate}T00:00:00Z`) - 40 * 86_400_000).toISOString().slice(0, 10),
          theory: 'PLC programming; drives; safety',
          qualificationWork: 'Commission a conveyor interlock',
        },
      },
    );
    expect(scheduled.data!.scheduleProductionExam.userErrors).toEqual([]);
    const id = scheduled.data!.scheduleProductionExam.productionExam!.id as string;
    const enterprise = await this.given.givenPerson(BIN.STEEL_PLANT, 'STAFF', 'Commission member');
    const expert = await this.given.givenPerson(BIN.KEEU, 'STAFF', 'Commission expert');
    await this.setCommission(id, [
      [gid('Person', enterprise), BIN.STEEL_PLANT],
      [gid('Person', expert), BIN.KEEU],
    ]);
    return { id, enterprise: gid('Person', enterprise), expert: gid('Person', expert) };
  }

  /** Replaces the commission: [Person global id, BIN of the organisation represented]. */
  async setCommission(examId: string, members: [string, string][]): Promise<void> {
    const input = {
      examId,
      members: await Promise.all(members.map(async ([personId, bin]) => ({ personId, organizationId: gid('Organization', await this.api.orgId(bin)) }))),
    };
    const res = await this.api.gql(
      this.heiKey,
      graphql(`
        mutation ($input: SetExamCommissionInput!) {
          setExamCommission(input: $input) {
            userErrors {
              code
            }
          }
        }
      `),
      {
        input,
      },
    );
    expect(res.data!.setExamCommission.userErrors).toEqual([]);
  }

  /** A new ACTIVE placement (INEU at STEEL_PLANT) and the council's decision on it, three days ago. */
  async givenDecided(exam: GivenExam, admitted: boolean): Promise<Placement> {
    const placement = await this.given.givenPlacement({ status: PlacementStatus.ACTIVE });
    const res = await this.api.gql(
      this.heiKey,
      graphql(`
        mutation ($input: DecideExamAdmissionInput!) {
          decideExamAdmission(input: $input) {
            userErrors {
              code
            }
          }
        }
      `),
      {
        input: {
          examId: exam.id,
          placementId: gid('Placement', placement),
          councilDate: day(-3),
          admitted,
          reason: admitted ? 'Tasks completed' : 'Logbook incomplete',
          exception: admitted ? 'No practice plan set: admitted on the mentor’s report' : undefined,
        },
      },
    );
    expect(res.data!.decideExamAdmission.userErrors).toEqual([]);
    return placement;
  }

  /** The input of recordExamResult: 82 / 91 / final 88 (B+), by the enterprise member. */
  resultInput(exam: GivenExam, placement: Placement, overrides: Record<string, unknown> = {}) {
    return {
      examId: exam.id,
      placementId: gid('Placement', placement),
      theoryScore: 82,
      qualificationWorkScore: 91,
      finalScore: 88,
      recordedById: exam.enterprise,
      ...overrides,
    };
  }
}
