import fs from 'node:fs';
import { startPlcTrainer, type PlcTrainer } from '../../simulators/plc-trainer/plc.trainer';
import { Person, PersonRole } from '../../src/organizations';
import { AS_DEPLOYED, BIN, startTestApi, type TestApi } from '../support/api';
import { ConsoleHarness, expectAccessible, expectAttribute, expectContains, expectCount, expectText, expectVisible, launchBrowser } from '../support/browser';
import { gid } from '../support/factories';
import { START_SESSION, exerciseGid, givenPlcStation, waitForVerdict } from '../support/lab-factories';
import { ReadinessFactories } from '../support/readiness-factories';
import { ModbusStudent, plcTagMap, safeStartUp } from '../support/scripted-student';

/**
 * The console's regional indicators and its navigation, in real Chromium against the API on port 0:
 * the coordinator reaches the indicators from the navigation, sees a table and a chart computed
 * from the fixtures, filters it, downloads it as CSV and XLSX through /exports (with the CSRF
 * header a cookie-authenticated export needs), and reads it in kk/ru/en; an employer is not shown
 * the page; every page is in the navigation of the roles allowed, the session page is reached from
 * the sessions history, which filters and shows the readiness a passed session earned (a real run
 * on a PLC stand-in over Modbus TCP). axe-core on each page. Screenshots: test-results/console/.
 */
let api: TestApi;
let harness: ConsoleHarness;
let trainer: PlcTrainer;
const PASSWORD = 'console indicators passphrase 19';
const YEAR = new Date().getUTCFullYear();
let coordinator: string;
let officer: string;
let instructor: string;

beforeAll(async () => {
  api = await startTestApi({ env: { ...AS_DEPLOYED } });
  harness = new ConsoleHarness(api, await launchBrowser(), PASSWORD);
  coordinator = await harness.givenAccount(BIN.COORDINATOR, PersonRole.STAFF, 'Indicators Coordinator');
  officer = await harness.givenAccount(BIN.WELDING_CENTRE, PersonRole.SAFETY_OFFICER, 'Indicators Officer');
  instructor = await harness.givenAccount(BIN.INEU, PersonRole.LAB_INSTRUCTOR, 'History Instructor');
});
afterAll(async () => {
  await harness?.browser.close();
  await api?.close();
  await trainer?.stop().catch(() => undefined);
});
afterEach(() => harness.closePages());

const nav = (page: import('playwright-core').Page) => page.getByRole('navigation', { name: 'Pages' });

describe('regional indicators', () => {
  test('the coordinator opens them from the navigation: students in dual programmes as a table and a chart, filtered by year', async () => {
    const page = await harness.signedIn(coordinator);
    await expectVisible(page.locator('main[data-page="pipeline"]'));
    await nav(page).getByRole('link', { name: 'Regional indicators' }).click();
    await expectVisible(page.locator('main[data-page="indicators"]'));
    await expectAttribute(page.getByTestId('indicator'), 'data-code', 'DUAL_STUDENTS');
    await expectText(page.getByRole('heading', { level: 2, name: 'Students in dual programmes' }), 'Students in dual programmes');
    // The fixtures' Pavlodar enrolments (tests/integration/indicators.test.ts computes them by hand).
    const table = page.getByTestId('indicator-table');
    await expectCount(table.locator('tbody tr'), 4);
    await expectText(table.locator('tbody tr').first().locator('[data-column="students"]'), '3');
    await expectText(table.locator('tbody tr').first().locator('[data-column="year"]'), '2022');
    await expectVisible(page.getByRole('img', { name: 'Students in dual programmes: chart' }));
    // Row ids are for integrators (and the export): the table does not show them, the definitions list them.
    await expectCount(table.locator('[data-column="heiId"]'), 0);
    await expectContains(page.getByTestId('indicator-columns'), 'Row id of the HEI.');
    await expectAccessible(page, 'coordinator-indicators');

    await page.getByLabel('From year').fill('2023');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expectCount(table.locator('tbody tr'), 3);
    await expectText(table.locator('tbody tr [data-column="year"]'), [String(YEAR), '2023', String(YEAR)]);

    // Another indicator, with its own filters: placements by status; a region with none shows "None.".
    await page.getByLabel('Indicator').selectOption('PLACEMENTS_BY_STATUS');
    await expectAttribute(page.getByTestId('indicator'), 'data-code', 'PLACEMENTS_BY_STATUS');
    await expectCount(table.locator('tbody tr'), 5); // the fixtures' placements start in 2026 and 2027
    await page.getByLabel('From year').fill('2027');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expectCount(table.locator('tbody tr'), 1); // the CONFIRMED one at the welding centre
    await expectText(table.locator('tbody tr [data-column="status"]'), 'CONFIRMED');
    await page.getByLabel('Region code (optional)').fill('WEST_KAZAKHSTAN');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expectText(page.getByTestId('indicator-table-empty'), 'None.');
    await expectAccessible(page, 'coordinator-indicators-placements-empty');
  });

  test('downloads the filtered indicator as CSV and XLSX through /exports, which refuses the session cookie without the CSRF header', async () => {
    const page = await harness.signedIn(coordinator);
    await nav(page).getByRole('link', { name: 'Regional indicators' }).click();
    await expectCount(page.getByTestId('indicator-table').locator('tbody tr'), 4);
    await page.getByLabel('From year').fill('2023');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expectCount(page.getByTestId('indicator-table').locator('tbody tr'), 3);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(csv.suggestedFilename()).toMatch(/^dual_students-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = fs
      .readFileSync((await csv.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]!.replace(/^\uFEFF/, '')).toBe('region,heiId,heiBin,programId,programCode,year,students');
    expect(lines.slice(1).map((l) => l.split(',').slice(4).join(','))).toEqual([`6B07101,${YEAR},2`, '07140100,2023,1', `07140100,${YEAR},1`]);
    await expectContains(page.getByTestId('export-status'), 'downloaded');

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download XLSX' }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(
      fs
        .readFileSync((await xlsx.path())!)
        .subarray(0, 2)
        .toString('latin1'),
    ).toBe('PK'); // a zip: the OOXML workbook

    // The same export without the header the page sends is a cross-site form as far as the API knows.
    const bare = await page.request.get('/exports/indicators/DUAL_STUDENTS.csv');
    expect(bare.status()).toBe(403);
    expect(((await bare.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('CSRF_REJECTED');
  });

  test('the language switch changes the indicator, its definition and its columns', async () => {
    const page = await harness.signedIn(coordinator);
    await nav(page).getByRole('link', { name: 'Regional indicators' }).click();
    await expectVisible(page.getByTestId('indicator-table'));
    const definition = page.getByTestId('indicator-definition');
    await expectContains(definition, 'Students enrolled in a dual group');
    await page.getByRole('button', { name: 'Русский' }).click();
    await expectText(page.getByRole('heading', { level: 1 }), 'Региональные показатели');
    await expectText(page.getByRole('heading', { level: 2, name: 'Студенты дуальных программ' }), 'Студенты дуальных программ');
    await expectContains(definition, 'Студенты, зачисленные в дуальные группы');
    await expectVisible(page.getByRole('columnheader', { name: 'Зачислено студентов' }));
    await expectVisible(page.getByRole('button', { name: 'Скачать CSV' }));
    await page.getByRole('button', { name: 'Қазақша' }).click();
    await expectText(page.getByRole('heading', { level: 1 }), 'Өңірлік көрсеткіштер');
    await expectText(page.getByRole('heading', { level: 2, name: 'Дуалды бағдарлама студенттері' }), 'Дуалды бағдарлама студенттері');
    await expectVisible(page.getByRole('columnheader', { name: 'Қабылданған студенттер' }));
    await expectAccessible(page, 'coordinator-indicators-kk');
  });

  test('an employer’s safety officer is not shown the page, and a link to it lands on their own first page', async () => {
    const page = await harness.signedIn(officer);
    await expectVisible(page.locator('main[data-page="clearance"]'));
    await expectText(nav(page).getByRole('link'), ['Clearance check', 'Placements', 'Verify a credential']);
    await page.goto('/#/indicators');
    await expectVisible(page.locator('main[data-page="clearance"]'));
  });
});

describe('navigation and the sessions history', () => {
  test('the instructor reaches every page from the navigation; the history filters sessions and shows the readiness a passed one earned', async () => {
    // A real pass and a real failure on a PLC stand-in over Modbus TCP. Dana passed the lock-out
    // exercise earlier, so the safe start-up completes ROTATING_MACHINERY (fixtures/readiness-policies.yaml).
    trainer = await startPlcTrainer({ port: 0, seed: 19 });
    const key = await api.keyFor(BIN.INEU, 'WRITER');
    const stationId = await givenPlcStation(api, key, trainer.port, { standIn: true });
    const danaEmail = await harness.givenAccount(BIN.INEU, PersonRole.STUDENT, 'Dana History');
    const dana = await api.system().em.findOneOrFail(Person, { email: danaEmail });
    await new ReadinessFactories(api).givenPass({
      studentId: dana.id,
      exerciseId: 'plc.lockout-clear-jam',
      hazardCategories: ['ROTATING_MACHINERY', 'ELECTRICAL_UP_TO_1KV'],
    });
    const student = new ModbusStudent(plcTagMap());
    await student.connect(trainer.port);
    const run = async (script: Parameters<ModbusStudent['play']>[0]) => {
      const res = await api.gql(key, START_SESSION, {
        input: { studentId: gid('Person', dana), exerciseId: await exerciseGid(api, 'plc.safe-start-up'), stationId },
      });
      expect(res.data!.startSession.userErrors).toEqual([]);
      await student.play(script);
      return waitForVerdict(api, key, res.data!.startSession.session!.id);
    };
    try {
      expect((await run([...safeStartUp])).status).toBe('PASSED');
      expect((await run([...safeStartUp.slice(0, 5), { after: 600, write: 'PANEL.GUARD_CLOSED', value: 0 }])).status).toBe('FAILED');
    } finally {
      await student.close();
    }

    const page = await harness.signedIn(instructor);
    await expectVisible(page.locator('main[data-page="classroom"]'));
    // The session page needs a session: it is reached from the lists, not listed itself.
    await expectText(nav(page).getByRole('link'), ['Simulator classroom', 'Sessions history', 'Credentials', 'Verify a credential']);
    await nav(page).getByRole('link', { name: 'Sessions history' }).click();
    await expectVisible(page.locator('main[data-page="sessions"]'));
    const sessions = page.getByTestId('sessions');
    await expectCount(sessions.locator('tbody tr'), 2);
    const passed = sessions.locator('tr[data-status="PASSED"]');
    await expectContains(passed.locator('[data-column="student"]'), 'Dana History');
    await expectText(passed.locator('[data-column="score"]'), '100 / 100');
    await expectVisible(passed.getByTestId('session-readiness').locator('li[data-category="ROTATING_MACHINERY"]'));
    await expectContains(passed.getByTestId('session-readiness'), 'until');
    await expectText(sessions.locator('tr[data-status="FAILED"] [data-column="readiness"]'), '—');
    await expectAccessible(page, 'instructor-sessions-history');

    await page.getByLabel('Status').selectOption('FAILED');
    await expectCount(sessions.locator('tbody tr'), 1);
    await expectAttribute(sessions.locator('tbody tr'), 'data-status', 'FAILED');
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Student').selectOption({ label: 'Dana History' });
    await expectCount(sessions.locator('tbody tr'), 2);

    await page.getByRole('button', { name: 'Русский' }).click();
    await expectText(page.getByRole('heading', { level: 1 }), 'История сеансов');
    await expectContains(sessions.locator('tr[data-status="PASSED"] [data-column="readiness"]'), 'до');
    await page.getByRole('button', { name: 'English' }).click();

    // A row opens its session page.
    await passed.locator('[data-column="when"] a').click();
    await expectVisible(page.locator('main[data-page="session"]'));
  }, 120_000);
});
