import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import QRCode from 'qrcode';
import { Person, PersonRole } from '../../src/organizations';
import { AS_DEPLOYED, BIN, startTestApi, type TestApi } from '../support/api';
import {
  ConsoleHarness,
  expectAccessible,
  expectAttribute,
  expectContains,
  expectText,
  expectVisible,
  fakeCameraArgs,
  launchBrowser,
} from '../support/browser';
import { Factories, gid } from '../support/factories';
import { graphql } from '../support/graphql';
import { ReadinessFactories } from '../support/readiness-factories';

/**
 * A credential verified by scanning its QR code with the device camera, in real Chromium whose
 * camera is a fake device playing a Y4M file made here: the HEI's credentials page shows the QR
 * of a really issued credential; that very image, played by the camera of the safety officer's
 * browser, verifies VALID on the verify page (headless Chromium on Linux has no BarcodeDetector,
 * so this runs the lazily loaded jsQR path); a QR of the same credential with one byte changed is
 * refused as changed after signing. Screenshots: test-results/console/.
 */
let api: TestApi;
let harness: ConsoleHarness;
let readiness: ReadinessFactories;
let given: Factories;
const PASSWORD = 'console qr test passphrase 19';
const cameras: Browser[] = [];
let tmp: string;
let officer: string;
let registrar: string;
let jwt: string;
let studentName: string;
let ineuKey: string;

const ISSUE = graphql(`
  mutation ($input: IssueReadinessCredentialInput!) {
    issueReadinessCredential(input: $input) {
      issued {
        credential {
          jwt
        }
      }
      userErrors {
        code
      }
    }
  }
`);

/** Issues a clearance credential for the student (INEU signs) at a new welding-centre workplace; returns its JWS. */
async function issued(studentId: string): Promise<string> {
  const cell = await readiness.givenWorkplace(BIN.WELDING_CENTRE, ['ROBOT_CELL']);
  await readiness.givenPass({ studentId, passedAt: new Date(Date.now() - 60_000) });
  const res = await api.gql(ineuKey, ISSUE, { input: { studentId: gid('Person', studentId), workplaceId: gid('Workplace', cell) } });
  expect(res.data!.issueReadinessCredential.userErrors).toEqual([]);
  return res.data!.issueReadinessCredential.issued!.credential.jwt;
}

/** Side of the fake camera's square frame, in pixels. */
const FRAME = 720;

/**
 * A Y4M video (YUV4MPEG2, 4:2:0, full-range luma) of `frames` identical frames: the grey image
 * (`width` × `height`, 0 = black … 255 = white) centred on a white square of {@link FRAME} pixels.
 * The format is a text header, then per frame `FRAME\n` and the Y, U and V planes.
 */
function y4mOf(gray: Uint8Array, width: number, height: number, frames = 5): Buffer {
  if (width > FRAME || height > FRAME) throw new Error(`image ${width}×${height} larger than the ${FRAME}px frame`);
  const y = Buffer.alloc(FRAME * FRAME, 255);
  const left = Math.floor((FRAME - width) / 2);
  const top = Math.floor((FRAME - height) / 2);
  for (let row = 0; row < height; row++) for (let col = 0; col < width; col++) y[(top + row) * FRAME + left + col] = gray[row * width + col]!;
  const chroma = Buffer.alloc((FRAME / 2) * (FRAME / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma]);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${FRAME} H${FRAME} F10:1 Ip A1:1 C420jpeg\n`), ...Array.from({ length: frames }, () => frame)]);
}

/** The QR code of `text` drawn with `qrcode` (4-module quiet zone), as grey pixels as large as fit the frame. */
function qrPixels(text: string): { gray: Uint8Array; size: number } {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'L' });
  const modules = qr.modules.size + 8;
  const scale = Math.floor(FRAME / modules);
  const size = modules * scale;
  const gray = new Uint8Array(size * size).fill(255);
  for (let row = 0; row < size; row++)
    for (let col = 0; col < size; col++) {
      const [mr, mc] = [Math.floor(row / scale) - 4, Math.floor(col / scale) - 4];
      if (mr >= 0 && mc >= 0 && mr < qr.modules.size && mc < qr.modules.size && qr.modules.get(mr, mc)) gray[row * size + col] = 0;
    }
  return { gray, size };
}

/** A browser whose camera plays `video`, with the officer signed in on the verify page. */
async function officerWithCamera(video: Buffer, name: string) {
  const file = path.join(tmp, `${name}.y4m`);
  fs.writeFileSync(file, video);
  const camera = await launchBrowser(fakeCameraArgs(file));
  cameras.push(camera);
  const person = new ConsoleHarness(api, camera, PASSWORD);
  const page = await person.signedIn(officer);
  await page.context().grantPermissions(['camera']);
  harness.opened.push(...person.opened);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Verify a credential' }).click();
  await expectVisible(page.locator('main[data-page="verify"]'));
  return page;
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-console-qr-'));
  api = await startTestApi({ env: { ...AS_DEPLOYED } });
  harness = new ConsoleHarness(api, await launchBrowser(), PASSWORD);
  readiness = new ReadinessFactories(api);
  given = new Factories(api);
  officer = await harness.givenAccount(BIN.WELDING_CENTRE, PersonRole.SAFETY_OFFICER, 'Qr Safety Officer');
  registrar = await harness.givenAccount(BIN.INEU, PersonRole.STAFF, 'Qr Registrar');
  ineuKey = await api.keyFor(BIN.INEU, 'WRITER');
  const student = await given.givenStudent(BIN.INEU);
  studentName = student.fullName;
  jwt = await issued(student.id);
});
afterAll(async () => {
  for (const camera of cameras) await camera.close();
  await harness?.browser.close();
  await api?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});
afterEach(() => harness.closePages());

describe('a credential’s QR code', () => {
  test('a student sees their own credential with its QR code, not a classmate’s', async () => {
    const email = await harness.givenAccount(BIN.INEU, PersonRole.STUDENT, 'Qr Student');
    const self = await api.system().em.findOneOrFail(Person, { email });
    await issued(self.id);
    const page = await harness.signedIn(email);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Credentials' }).click();
    await expectVisible(page.locator('main[data-page="credentials"]'));
    const rows = page.getByTestId('credentials').locator('tbody tr');
    await expectText(rows.locator('[data-column="student"]'), ['Qr Student']);
    await rows.getByRole('button', { name: 'Show the QR code' }).click();
    await expectVisible(rows.getByTestId('credential-qr'));
    await expectAccessible(page, 'student-credentials-qr');
  });

  test('the HEI sees its issued credential with a QR code, in kk/ru/en; the officer’s camera reads that image and the credential is VALID', async () => {
    const page = await harness.signedIn(registrar);
    await expectVisible(page.locator('main[data-page="credentials"]'));
    const row = page.getByTestId('credentials').locator('tbody tr').filter({ hasText: studentName });
    await expectAttribute(row, 'data-state', 'current');
    await row.getByRole('button', { name: 'Show the QR code' }).click();
    const qr = row.getByTestId('credential-qr');
    await expectVisible(qr);
    expect(await qr.getAttribute('alt')).toBe(`QR code of the credential of ${studentName}`);
    await expectAccessible(page, 'credentials-qr');
    // The page's own image, as grey pixels, becomes the camera's picture.
    // (Runs in the page: DOM types are not in the test's tsconfig, hence the narrow shapes.)
    type Img = { decode(): Promise<void>; naturalWidth: number; naturalHeight: number };
    type Canvas = {
      width: number;
      height: number;
      getContext(
        kind: '2d',
      ): { drawImage(i: Img, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
    };
    const image = await qr.evaluate(async (element) => {
      const img = element as unknown as Img;
      await img.decode();
      const canvas = (globalThis as unknown as { document: { createElement(tag: 'canvas'): Canvas } }).document.createElement('canvas');
      [canvas.width, canvas.height] = [img.naturalWidth, img.naturalHeight];
      const context = canvas.getContext('2d')!;
      context.drawImage(img, 0, 0);
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      // One grey byte per pixel, as base64 (a large array of numbers would cross the protocol slowly).
      let gray = '';
      for (let i = 0; i < data.length; i += 4) gray += String.fromCharCode(Math.round((data[i]! + data[i + 1]! + data[i + 2]!) / 3));
      return { gray: btoa(gray), width: canvas.width, height: canvas.height };
    });

    await page.getByRole('button', { name: 'Русский' }).click();
    await expectText(page.getByRole('heading', { level: 1 }), 'Удостоверения');
    await expectVisible(page.getByRole('columnheader', { name: 'Категории опасности' }));
    await expectVisible(row.getByRole('button', { name: 'Скрыть' }));
    await page.getByRole('button', { name: 'Қазақша' }).click();
    await expectText(page.getByRole('heading', { level: 1 }), 'Куәліктер');

    const scanner = await officerWithCamera(y4mOf(new Uint8Array(Buffer.from(image.gray, 'base64')), image.width, image.height), 'credential-valid');
    await scanner.getByRole('button', { name: 'Scan the QR code with the camera' }).click();
    const verification = scanner.getByTestId('verification');
    await expectAttribute(verification, 'data-valid', 'true');
    await expectText(verification.getByRole('status'), 'VALID');
    expect(await scanner.getByLabel('Credential (JSON or JWT)').inputValue()).toBe(jwt);
    await expectAccessible(scanner, 'verify-qr-valid');
    // The camera is closed once the code is read.
    await expectVisible(scanner.getByRole('button', { name: 'Scan the QR code with the camera' }));
  }, 120_000);

  test('a QR code of the credential with one byte changed is refused as changed after signing, in the chosen language', async () => {
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const i = Math.floor(p.length / 2);
    const tampered = `${h}.${p.slice(0, i)}${p[i] === 'A' ? 'B' : 'A'}${p.slice(i + 1)}.${s}`;
    const { gray, size } = qrPixels(tampered);
    const scanner = await officerWithCamera(y4mOf(gray, size, size), 'credential-tampered');
    await scanner.getByRole('button', { name: 'Русский' }).click();
    await scanner.getByRole('button', { name: 'Считать QR-код камерой' }).click();
    await expectVisible(scanner.getByTestId('qr-video'));
    const verification = scanner.getByTestId('verification');
    await expectAttribute(verification, 'data-valid', 'false');
    await expectText(verification.getByRole('status'), 'НЕДЕЙСТВИТЕЛЬНО');
    await expectContains(verification.locator('tr[data-check="SIGNATURE"]'), 'изменено после подписи');
    expect(await scanner.getByLabel('Удостоверение (JSON или JWT)').inputValue()).toBe(tampered);
    await expectAccessible(scanner, 'verify-qr-tampered');
  }, 120_000);
});
