import type { Page } from 'playwright-core';
import { startPlcTrainer, type PlcTrainer } from '../../simulators/plc-trainer/plc.trainer';
import { Person, PersonRole } from '../../src/organizations';
import { AS_DEPLOYED, BIN, startTestApi, type TestApi } from '../support/api';
import { ConsoleHarness, expectAccessible, expectAttribute, expectContains, expectVisible, launchBrowser, screenshot } from '../support/browser';
import { givenPlcStation } from '../support/lab-factories';
import { ReadinessFactories } from '../support/readiness-factories';
import { graphql, ofType } from '../support/graphql';

/**
 * Issue 19 part B in a real browser (Debian's headless Chromium) against the API on port 0 and a
 * stand-in PLC trainer over real Modbus TCP: the instructor starts the safe start-up from the
 * classroom view, the student operates the virtual panel in a second browser context and passes,
 * the verdict and the readiness appear on the instructor's page; a wrong run fails with its reason
 * shown; a stand-in that goes away shows at once and the session ends INTERRUPTED on the page; axe
 * finds no serious violation on the classroom, session and panel pages. Screenshots: test-results/console/.
 */
let api: TestApi;
let harness: ConsoleHarness;
let trainer: PlcTrainer;
let stationCode: string;
const PASSWORD = 'classroom test passphrase 19';
const givenAccount = (bin: string, role: PersonRole, fullName: string) => harness.givenAccount(bin, role, fullName, 'classroom.test');
const signedIn = (email: string) => harness.signedIn(email);

let instructor: string;
let student: string;
beforeAll(async () => {
  api = await startTestApi({ env: { ...AS_DEPLOYED } });
  trainer = await startPlcTrainer({ port: 0, seed: 19 });
  const key = await api.keyFor(BIN.INEU, 'WRITER');
  const stationId = await givenPlcStation(api, key, trainer.port, { standIn: true, maxRequestsInFlight: 16 });
  stationCode = ofType(
    (
      await api.gql(
        key,
        graphql(`
          query ($id: ID!) {
            node(id: $id) {
              ... on Station {
                code
              }
            }
          }
        `),
        { id: stationId },
      )
    ).data!.node,
    'Station',
  ).code;
  harness = new ConsoleHarness(api, await launchBrowser(), PASSWORD);
  instructor = await givenAccount(BIN.INEU, PersonRole.LAB_INSTRUCTOR, 'Arman Instructor');
  student = await givenAccount(BIN.INEU, PersonRole.STUDENT, 'Dana Student');
  // ROTATING_MACHINERY needs both PLC exercises (fixtures/readiness-policies.yaml): Dana passed the
  // lock-out one earlier, so today's safe start-up completes that readiness.
  const dana = await api.system().em.findOneOrFail(Person, { email: student });
  await new ReadinessFactories(api).givenPass({
    studentId: dana.id,
    exerciseId: 'plc.lockout-clear-jam',
    hazardCategories: ['ROTATING_MACHINERY', 'ELECTRICAL_UP_TO_1KV'],
  });
});
afterAll(async () => {
  await harness?.browser.close();
  await api?.close();
  await trainer?.stop().catch(() => undefined);
});
afterEach(() => harness.closePages());

/** The instructor starts the safe start-up for Dana on the stand-in, from the classroom view, and opens its live view. */
async function startFromClassroom(page: Page): Promise<void> {
  await expectVisible(page.locator('main[data-page="classroom"]'));
  const form = page.getByTestId('start-session');
  await form.getByLabel('Station').selectOption({ label: stationCode });
  await form.getByLabel('Exercise').selectOption({ label: 'Safe start-up of the conveyor (v1)' });
  await form.getByLabel('Student').selectOption({ label: 'Dana Student' });
  await form.getByRole('button', { name: 'Start' }).click();
  const row = page.locator(`tr[data-station="${stationCode}"]`);
  await expectContains(row, 'Dana Student');
  await row.getByRole('link', { name: 'open' }).click();
  await expectVisible(page.locator('main[data-page="session"]'));
}

/** Presses a momentary panel button from the keyboard (a 300 ms press). */
async function press(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.waitForTimeout(400);
}

/** Toggles a latching panel switch and waits until the live state shows it. */
async function toggle(page: Page, name: string, to: boolean): Promise<void> {
  const button = page.getByRole('button', { name, exact: true });
  await button.click();
  await expectAttribute(button, 'aria-pressed', String(to));
}

describe('the simulator classroom in the browser', () => {
  test('the instructor starts the safe start-up, the student passes it on the virtual PLC panel; verdict and readiness appear on the instructor page', async () => {
    const teacher = await signedIn(instructor);
    await expectVisible(teacher.locator('main[data-page="classroom"]'));
    await expectAccessible(teacher, 'classroom');
    await startFromClassroom(teacher);

    const pupil = await signedIn(student);
    await expectVisible(pupil.getByTestId('plc-panel'));
    await expectAccessible(pupil, 'trainer-plc-panel');
    await toggle(pupil, 'Guard door closed', true);
    await toggle(pupil, 'Mode: AUTO', true);
    await toggle(pupil, 'Main isolator', true);
    await press(pupil, 'RESET');
    await press(pupil, 'START');
    await expectAttribute(pupil.locator('svg.conveyor'), 'data-running', 'true');
    await expectAttribute(pupil.locator('[data-lamp="green"]'), 'data-on', 'true');
    await screenshot(pupil, 'trainer-plc-running');
    await pupil.waitForTimeout(2300);
    await press(pupil, 'STOP');

    // The instructor's live view: every step lit, then the verdict with its readiness.
    await expectAttribute(teacher.getByTestId('verdict'), 'data-verdict', 'PASSED');
    for (const step of ['close-guard', 'select-auto', 'isolator-on', 'reset-safety', 'start-conveyor', 'stop-normally'])
      await expectAttribute(teacher.locator(`[data-step="${step}"]`), 'data-state', 'done');
    await expectVisible(teacher.getByTestId('readiness').locator('[data-hazard="ROTATING_MACHINERY"]'));
    expect(Number(await teacher.getByTestId('signal-plot').getAttribute('data-points'))).toBeGreaterThan(0);
    await expectVisible(teacher.getByTestId('scrubber'));
    await teacher.getByTestId('scrubber').fill('10');
    await expectAccessible(teacher, 'session-passed');
  });

  test('a wrong run (guard opened while the belt moves) fails with the reason shown', async () => {
    const teacher = await signedIn(instructor);
    await startFromClassroom(teacher);
    const pupil = await signedIn(student);
    await expectVisible(pupil.getByTestId('plc-panel'));
    await toggle(pupil, 'Guard door closed', true);
    await toggle(pupil, 'Mode: AUTO', true);
    await toggle(pupil, 'Main isolator', true);
    await press(pupil, 'RESET');
    await press(pupil, 'START');
    await expectAttribute(pupil.locator('svg.conveyor'), 'data-running', 'true');
    await pupil.getByRole('button', { name: 'Guard door closed', exact: true }).click();

    await expectAttribute(teacher.getByTestId('verdict'), 'data-verdict', 'FAILED');
    await expectContains(teacher.getByTestId('reasons'), 'Guard opened while the belt moves');
    await expectAttribute(teacher.locator('[data-invariant="guard-open-belt-moving"]'), 'class', 'bad');
    await expectAttribute(pupil.getByTestId('trainer-ended'), 'data-status', 'FAILED');
    await screenshot(teacher, 'session-failed');
  });

  test('a stand-in that goes away shows at once in the classroom and the session ends INTERRUPTED on the page', async () => {
    const teacher = await signedIn(instructor);
    await startFromClassroom(teacher);
    await expectAttribute(teacher.getByTestId('live-status'), 'data-status', 'RUNNING');
    const classroom = await signedIn(instructor);
    const link = classroom.locator(`tr[data-station="${stationCode}"] [data-testid="link"]`);
    await expectAttribute(link, 'data-connected', 'true');
    await trainer.stop();
    await expectAttribute(link, 'data-connected', 'false');
    await expectAttribute(teacher.getByTestId('verdict'), 'data-verdict', 'INTERRUPTED');
    await screenshot(teacher, 'session-interrupted');
    await screenshot(classroom, 'classroom-disconnected');
  });
});
