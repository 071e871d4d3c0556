import path from 'node:path';
import { Membership, Person, PersonRole } from '../organizations';
import { readFixtureFile } from '../seed/fixture-file';
import type { RequestContext } from '../shared/request-context';
import { MentorTraining } from './mentor-training.entity';

interface MentorTrainingFixture {
  trainings: {
    mentorEmail: string;
    course: string;
    provider: string;
    hours: number;
    completedOn: string;
    validUntil: string;
    qualification?: string;
    certificateNumber?: string;
  }[];
}

/**
 * Adds the fixture mentors' trainings from `fixtures/mentor-trainings.yaml` that are missing
 * (by mentor and course and completion day); never changes one. Idempotent; needs a system
 * context and the people.
 */
export async function seedMentorTrainings(ctx: RequestContext, fixturesDir: string): Promise<void> {
  const { trainings } = readFixtureFile<MentorTrainingFixture>(path.join(fixturesDir, 'mentor-trainings.yaml'), 'mentor-trainings.schema.json');
  const { em } = ctx;
  for (const data of trainings) {
    const mentor = await em.findOne(Person, { email: data.mentorEmail });
    if (!mentor) throw new Error(`mentor-trainings.yaml: unknown person ${data.mentorEmail}`);
    const membership = await em.findOne(Membership, { person: mentor, role: PersonRole.MENTOR });
    if (!membership) throw new Error(`mentor-trainings.yaml: ${data.mentorEmail} is not a mentor`);
    if ((await em.count(MentorTraining, { mentor, course: data.course, completedOn: data.completedOn })) > 0) continue;
    em.create(MentorTraining, {
      mentor,
      employer: membership.organization,
      course: data.course,
      provider: data.provider,
      hours: data.hours,
      completedOn: data.completedOn,
      validUntil: data.validUntil,
      qualification: data.qualification,
      certificateNumber: data.certificateNumber,
    });
  }
  await em.flush();
}
