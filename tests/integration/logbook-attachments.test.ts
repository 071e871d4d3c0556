import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LogbookAttachment, LogbookEntry, LogbookEntryStatus } from '../../src/logbook';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { Factories, gid } from '../support/factories';
import { graphql, ofType } from '../support/graphql';

let api: TestApi;
let given: Factories;
let ineu: string;
let steel: string;
let welding: string;
let base: string;
let dataDir: string;
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-attachments-'));
  api = await startTestApi({ env: { DATA_DIR: dataDir } });
  given = new Factories(api);
  ineu = await api.keyFor(BIN.INEU, 'WRITER');
  steel = await api.keyFor(BIN.STEEL_PLANT, 'WRITER');
  welding = await api.keyFor(BIN.WELDING_CENTRE, 'WRITER');
  base = api.url.replace(/\/graphql$/, '');
});
afterAll(async () => {
  await api.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF'), Buffer.alloc(500, 7), Buffer.from([0xff, 0xd9])]);

const givenEntry = (status?: LogbookEntryStatus) => given.givenLogbookEntry(status);

function upload(key: string | undefined, entry: LogbookEntry, body: Buffer, fileName = 'evidence.pdf', contentType = 'application/octet-stream') {
  return fetch(`${base}/logbook/entries/${gid('LogbookEntry', entry)}/attachments?fileName=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body,
  });
}

async function stored(entry: LogbookEntry): Promise<{ rows: number; files: number }> {
  const rows = await api.system().em.fork().count(LogbookAttachment, { entry: entry.id });
  const root = path.join(dataDir, 'attachments');
  const files = fs.existsSync(root) ? fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).length : 0;
  return { rows, files };
}

test('a party uploads a PDF and a photo; the type comes from the content; the entry lists them; the download is byte-identical', async () => {
  const { entry } = await givenEntry();
  const pdf = await upload(ineu, entry, PDF, 'report.pdf');
  expect(pdf.status).toBe(201);
  const { attachment } = (await pdf.json()) as { attachment: { id: string; mediaType: string; sizeBytes: number } };
  expect(attachment).toMatchObject({ mediaType: 'application/pdf', sizeBytes: PDF.length });
  // Claimed as a PDF by name and header, but the bytes are a JPEG: stored as what it is.
  const photo = await upload(steel, entry, JPEG, 'photo.pdf', 'application/pdf');
  expect(((await photo.json()) as { attachment: { mediaType: string } }).attachment.mediaType).toBe('image/jpeg');
  const listed = await api.gql(
    ineu,
    graphql(`
      query ($id: ID!) {
        node(id: $id) {
          ... on LogbookEntry {
            attachments {
              id
              fileName
              mediaType
              sizeBytes
              downloadPath
            }
          }
        }
      }
    `),
    { id: gid('LogbookEntry', entry) },
  );
  const attachments = ofType(listed.data!.node, 'LogbookEntry').attachments;
  expect(attachments.map((a: any) => [a.fileName, a.mediaType])).toEqual([
    ['report.pdf', 'application/pdf'],
    ['photo.pdf', 'image/jpeg'],
  ]);
  const download = await fetch(`${base}${attachments[0].downloadPath}`, { headers: { authorization: `Bearer ${steel}` } });
  expect(download.status).toBe(200);
  expect(download.headers.get('content-type')).toBe('application/pdf');
  expect(download.headers.get('x-content-type-options')).toBe('nosniff');
  expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).toBe(true);
});

test('a file above the 10 MiB default is refused with 413 ATTACHMENT_TOO_LARGE, and nothing is stored', async () => {
  const { entry } = await givenEntry();
  const before = await stored(entry);
  const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024, 0x20)]);
  const res = await upload(ineu, entry, big);
  expect(res.status).toBe(413);
  expect(((await res.json()) as any).errors[0].extensions).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE', field: ['file'] });
  expect(await stored(entry)).toEqual(before);
});

test('a refused type (an executable or an SVG named .jpg, an empty body) gets 415 ATTACHMENT_TYPE_REFUSED, and nothing is stored', async () => {
  const { entry } = await givenEntry();
  const before = await stored(entry);
  for (const body of [
    Buffer.from('MZ\x90\x00\x03 this program cannot be run in DOS mode'),
    Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    Buffer.alloc(0),
  ]) {
    const res = await upload(ineu, entry, body, 'photo.jpg', 'image/jpeg');
    expect(res.status).toBe(415);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('ATTACHMENT_TYPE_REFUSED');
  }
  expect(await stored(entry)).toEqual(before);
});

test('a signed entry takes no more evidence (ENTRY_SIGNED), and nothing is stored', async () => {
  const { entry } = await givenEntry(LogbookEntryStatus.SIGNED);
  const before = await stored(entry);
  const res = await upload(ineu, entry, PDF);
  expect(res.status).toBe(422);
  expect(((await res.json()) as any).errors[0].extensions.code).toBe('ENTRY_SIGNED');
  // Refused before the bytes are stored: no file was written at all.
  expect(await stored(entry)).toEqual({ ...before, rows: 0 });
});

test('scoped like the entry: an outsider can neither upload (404) nor download (404); no key is 401', async () => {
  const { entry } = await givenEntry();
  const { attachment } = (await (await upload(ineu, entry, PDF)).json()) as { attachment: { id: string } };
  expect((await upload(welding, entry, PDF)).status).toBe(404);
  expect((await upload(undefined, entry, PDF)).status).toBe(401);
  const url = `${base}/logbook/attachments/${attachment.id}`;
  expect((await fetch(url, { headers: { authorization: `Bearer ${welding}` } })).status).toBe(404);
  expect((await fetch(url)).status).toBe(401);
  expect((await fetch(url, { headers: { authorization: `Bearer ${ineu}` } })).status).toBe(200);
  expect(await stored(entry)).toMatchObject({ rows: 1 });
});
