import { CompetenceCertificate, ExamAdmission, ExamCommissionMember, ExamResult, ProductionExam } from '../../src/assessment';
import { LogbookEntry, LogbookEntryStatus, ProgressReview, ProgressReviewStatus, WorkAssignment } from '../../src/logbook';
import { Placement } from '../../src/placements';
import { createLogger } from '../../src/logger';
import { seedFixtures } from '../../src/seed/seed';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { gid } from '../support/factories';
import { graphql, ofType } from '../support/graphql';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

test('one programme has an exam with materials, a council decision, a balanced commission, a result and a certificate that verifies', async () => {
  const em = api.system().em.fork();
  const exam = await em.findOneOrFail(ProductionExam, { program: { code: '6B07101' }, hei: { bin: BIN.INEU }, examDate: '2026-05-27' });
  expect(exam.materialsApprovedOn).toBe('2026-04-20');
  const sides = (await em.find(ExamCommissionMember, { exam })).map((m) => m.side).sort();
  expect(sides).toEqual(['ENTERPRISE', 'ENTERPRISE', 'THIRD_PARTY', 'THIRD_PARTY']);
  const placement = await em.findOneOrFail(Placement, { code: 'PL-2026-0002' });
  expect(await em.findOneOrFail(ExamAdmission, { exam, placement })).toMatchObject({ admitted: true });
  const result = await em.findOneOrFail(ExamResult, { exam, placement });
  expect(result).toMatchObject({ finalScore: 87, letter: 'B+', passed: true });
  const certificate = await em.findOneOrFail(CompetenceCertificate, { result });
  const key = await api.keyFor(BIN.STEEL_PLANT, 'READER');
  const shown = await api.gql(
    key,
    graphql(`
      query ($id: ID!) {
        node(id: $id) {
          ... on Placement {
            practiceFinalGrade {
              letter
              certificate {
                json
              }
            }
          }
        }
      }
    `),
    {
      id: gid('Placement', placement),
    },
  );
  expect(ofType(shown.data!.node, 'Placement').practiceFinalGrade!.letter).toBe('B+');
  const response = await fetch(api.url.replace(/\/graphql$/, '/credentials/verify'), {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: certificate.jwt,
  });
  expect(await response.json()).toMatchObject({ valid: true });
});

test('one placement has a month of logbook entries, tasks and a signed review', async () => {
  const em = api.system().em.fork();
  const placement = await em.findOneOrFail(Placement, { code: 'PL-2026-0001' });
  const entries = await em.find(LogbookEntry, { placement, status: LogbookEntryStatus.SIGNED }, { orderBy: { date: 'asc' } });
  expect(entries.length).toBeGreaterThanOrEqual(12);
  expect(Date.parse(entries.at(-1)!.date) - Date.parse(entries[0]!.date)).toBeGreaterThanOrEqual(21 * 86_400_000);
  expect(await em.count(WorkAssignment, { placement })).toBeGreaterThan(0);
  expect(await em.count(ProgressReview, { placement, status: ProgressReviewStatus.SIGNED })).toBeGreaterThan(0);
});

test('seeding again adds no second exam, result or certificate', async () => {
  const count = () => api.system().em.fork().count(CompetenceCertificate, {});
  const before = await count();
  await seedFixtures(api.hub.app, api.orm, createLogger('silent'));
  expect(await count()).toBe(before);
});
