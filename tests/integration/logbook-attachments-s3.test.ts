import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { ConfigError, loadConfig, s3StorageOf } from '../../src/config';
import { AttachmentStorageError, LogbookAttachment, LogbookEntry, LogbookEntryStatus } from '../../src/logbook';
import { S3AttachmentStorage } from '../../src/logbook/attachment.s3-storage';
import { createLogger } from '../../src/logger';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { Factories, gid } from '../support/factories';
import { graphql, ofType } from '../support/graphql';

// s3rver (an S3-compatible server on the filesystem, not ours) on a loopback port picked by the OS.
// It checks the access key id (its own `S3RVER`) but not the SigV4 signature.
const BUCKET = 'dualhub-evidence';
const ACCESS_KEY_ID = 'S3RVER';
const SECRET = 'dh-s3-secret-7c1e0a9b5d3f4e2a';

let s3dir: string;
let dataDir: string;
let s3: S3rver;
let s3port: number;
let api: TestApi;
let given: Factories;
let ineu: string;
let steel: string;
let welding: string;
let base: string;
let bucket: S3Client;
const logLines: string[] = [];

async function startS3(port: number): Promise<number> {
  s3 = new S3rver({ address: '127.0.0.1', port, silent: true, directory: s3dir, configureBuckets: [{ name: BUCKET, configs: [] }] });
  return (await s3.run()).port;
}

beforeAll(async () => {
  s3dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-s3-'));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-s3-data-'));
  s3port = await startS3(0);
  const endpoint = `http://127.0.0.1:${s3port}`;
  api = await startTestApi({
    env: {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ATTACHMENT_STORAGE: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET: BUCKET,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: ACCESS_KEY_ID,
      S3_SECRET_ACCESS_KEY: SECRET,
      S3_FORCE_PATH_STYLE: 'true',
      S3_REQUEST_TIMEOUT_MS: '2000',
    },
    logDestination: new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  });
  given = new Factories(api);
  ineu = await api.keyFor(BIN.INEU, 'WRITER');
  steel = await api.keyFor(BIN.STEEL_PLANT, 'WRITER');
  welding = await api.keyFor(BIN.WELDING_CENTRE, 'WRITER');
  base = api.url.replace(/\/graphql$/, '');
  bucket = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET } });
});
afterAll(async () => {
  bucket?.destroy();
  await api?.close();
  await s3?.close();
  fs.rmSync(s3dir, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 3)]);

const givenEntry = (status?: LogbookEntryStatus) => given.givenLogbookEntry(status);

function upload(key: string, entry: LogbookEntry, body: Buffer, fileName = 'evidence.pdf') {
  return fetch(`${base}/logbook/entries/${gid('LogbookEntry', entry)}/attachments?fileName=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${key}` },
    body,
  });
}

/** The keys in the bucket, asked of the S3 server itself. */
async function objectKeys(): Promise<string[]> {
  const listed = await bucket.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

async function rowsOf(entry: LogbookEntry): Promise<LogbookAttachment[]> {
  return api.system().em.fork().find(LogbookAttachment, { entry: entry.id });
}

/** Every attachment row's key has its object and every object its row: the two agree. */
async function expectRowsAndObjectsAgree(): Promise<void> {
  const rows = await api.system().em.fork().find(LogbookAttachment, {}, { filters: false });
  expect(await objectKeys()).toEqual(rows.map((r) => r.storageKey).sort());
}

test('with ATTACHMENT_STORAGE=s3 the bytes go to the bucket under the row key; the download is byte-identical and scoped as before', async () => {
  const { entry } = await givenEntry();
  const res = await upload(ineu, entry, PDF, 'report.pdf');
  expect(res.status).toBe(201);
  const { attachment } = (await res.json()) as { attachment: { id: string; mediaType: string; sizeBytes: number } };
  expect(attachment).toMatchObject({ mediaType: 'application/pdf', sizeBytes: PDF.length });
  const [row] = await rowsOf(entry);
  expect(await objectKeys()).toContain(row.storageKey);
  // Nothing of it on the local disk: DATA_DIR/attachments is not used.
  expect(fs.existsSync(path.join(dataDir, 'attachments'))).toBe(false);

  const url = `${base}/logbook/attachments/${attachment.id}`;
  const download = await fetch(url, { headers: { authorization: `Bearer ${steel}` } });
  expect(download.status).toBe(200);
  expect(download.headers.get('content-type')).toBe('application/pdf');
  expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).toBe(true);
  // An organisation that is no party sees neither the entry nor its file; no key is 401.
  expect((await fetch(url, { headers: { authorization: `Bearer ${welding}` } })).status).toBe(404);
  expect((await fetch(url)).status).toBe(401);
  expect((await upload(welding, entry, PNG, 'photo.png')).status).toBe(404);
  await expectRowsAndObjectsAgree();
});

test('too large, a refused type or a signed entry: refused before anything reaches the bucket', async () => {
  const { entry } = await givenEntry();
  const { entry: signed } = await givenEntry(LogbookEntryStatus.SIGNED);
  const before = await objectKeys();
  const big = await upload(ineu, entry, Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024, 0x20)]));
  expect(big.status).toBe(413);
  const exe = await upload(ineu, entry, Buffer.from('MZ\x90\x00\x03 this program cannot be run in DOS mode'), 'photo.jpg');
  expect(exe.status).toBe(415);
  const onSigned = await upload(ineu, signed, PDF);
  expect(onSigned.status).toBe(422);
  expect(((await onSigned.json()) as any).errors[0].extensions.code).toBe('ENTRY_SIGNED');
  expect(await objectKeys()).toEqual(before);
  expect(await rowsOf(entry)).toHaveLength(0);
  expect(await rowsOf(signed)).toHaveLength(0);
});

test('a storage outage: the upload is 503 ATTACHMENT_STORAGE_UNAVAILABLE with no row and no object; the download is 503; both work again once it is back', async () => {
  const { entry } = await givenEntry();
  const stored = (await (await upload(ineu, entry, PNG, 'before.png')).json()) as { attachment: { id: string } };
  const keysBefore = await objectKeys();
  await s3.close();
  try {
    const res = await upload(ineu, entry, PDF, 'during.pdf');
    expect(res.status).toBe(503);
    const body = await res.text();
    expect(JSON.parse(body).errors[0].extensions.code).toBe('ATTACHMENT_STORAGE_UNAVAILABLE');
    expect(body).not.toContain(SECRET);
    expect(await rowsOf(entry)).toHaveLength(1);
    const download = await fetch(`${base}/logbook/attachments/${stored.attachment.id}`, { headers: { authorization: `Bearer ${ineu}` } });
    expect(download.status).toBe(503);
    expect(await download.text()).not.toContain(SECRET);
  } finally {
    await startS3(s3port);
  }
  expect(await objectKeys()).toEqual(keysBefore);
  await expectRowsAndObjectsAgree();
  expect((await upload(ineu, entry, PDF, 'after.pdf')).status).toBe(201);
  expect(await rowsOf(entry)).toHaveLength(2);
  await expectRowsAndObjectsAgree();
});

test('the row fails to be written after the object is stored: the object is removed again, row and bucket agree', async () => {
  const { entry } = await givenEntry();
  const keysBefore = await objectKeys();
  // A real database failure at the insert (the row write fails after the bytes are in the bucket).
  const knex = api.orm.em.getConnection().getKnex();
  await knex.raw(`create function refuse_attachment() returns trigger language plpgsql as $$ begin raise exception 'disk full (test)'; end $$`);
  await knex.raw(`create trigger refuse_attachment before insert on logbook_attachment for each row execute function refuse_attachment()`);
  try {
    const res = await upload(ineu, entry, PDF, 'lost.pdf');
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain(SECRET);
  } finally {
    await knex.raw('drop trigger refuse_attachment on logbook_attachment');
    await knex.raw('drop function refuse_attachment()');
  }
  expect(await rowsOf(entry)).toHaveLength(0);
  expect(await objectKeys()).toEqual(keysBefore);
  await expectRowsAndObjectsAgree();
});

test('the secret access key is in no log line and no API answer', async () => {
  const { entry } = await givenEntry();
  expect((await upload(ineu, entry, PNG, 'logged.png')).status).toBe(201);
  const listed = await api.gql(
    ineu,
    graphql(`
      query ($id: ID!) {
        node(id: $id) {
          __typename
          ... on LogbookEntry {
            attachments {
              id
              fileName
              mediaType
              sizeBytes
              sha256
              downloadPath
            }
          }
        }
      }
    `),
    { id: gid('LogbookEntry', entry) },
  );
  expect(ofType(listed.data!.node, 'LogbookEntry').attachments).toHaveLength(1);
  expect(JSON.stringify(listed)).not.toContain(SECRET);
  // The outage test above made the store log its failures: the lines are there, the secret is not.
  expect(logLines.some((line) => line.includes('attachment storage failed'))).toBe(true);
  expect(logLines.join('')).not.toContain(SECRET);
});

test('a store refusing the credentials throws a coded error that shows neither the secret nor the request; inspecting the store shows no credential', async () => {
  const lines: string[] = [];
  const log = createLogger('info', { write: (line: string) => void lines.push(line) });
  const storage = new S3AttachmentStorage(
    {
      endpoint: `http://127.0.0.1:${s3port}`,
      bucket: BUCKET,
      region: 'us-east-1',
      accessKeyId: 'UNKNOWN-KEY',
      secretAccessKey: SECRET,
      forcePathStyle: true,
      requestTimeoutMs: 2000,
    },
    log,
  );
  try {
    const error = await storage.put(PNG).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AttachmentStorageError);
    expect((error as AttachmentStorageError).storageCause).toMatchObject({ name: 'InvalidAccessKeyId', httpStatus: 403 });
    expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
    expect(inspect(storage, { depth: 10 })).not.toContain(SECRET);
    expect(JSON.stringify(storage)).not.toContain(SECRET);
    expect(lines.join('')).toContain('InvalidAccessKeyId');
    expect(lines.join('')).not.toContain(SECRET);
  } finally {
    storage.close();
  }
});

describe('configuration fails fast', () => {
  const s3env = {
    ATTACHMENT_STORAGE: 's3',
    S3_BUCKET: BUCKET,
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: ACCESS_KEY_ID,
    S3_SECRET_ACCESS_KEY: SECRET,
  };
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return undefined;
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return error as ConfigError;
    }
  };

  test('ATTACHMENT_STORAGE=s3 names every missing S3 setting', () => {
    expect(problemsOf({ ATTACHMENT_STORAGE: 's3' })!.problems).toEqual([
      'S3_BUCKET: required with ATTACHMENT_STORAGE=s3',
      'S3_REGION: required with ATTACHMENT_STORAGE=s3',
      'S3_ACCESS_KEY_ID: required with ATTACHMENT_STORAGE=s3',
      'S3_SECRET_ACCESS_KEY: required with ATTACHMENT_STORAGE=s3',
    ]);
  });

  test('S3 settings without ATTACHMENT_STORAGE=s3 are refused, not ignored', () => {
    expect(problemsOf({ S3_BUCKET: BUCKET })!.problems).toEqual(['S3_BUCKET: set, but ATTACHMENT_STORAGE is filesystem (set ATTACHMENT_STORAGE=s3 to use it)']);
  });

  test('a bad value is named with what was given, except the secret, whose value is never shown', () => {
    const error = problemsOf({ ...s3env, S3_ENDPOINT: 'not a url', S3_SECRET_ACCESS_KEY: `${SECRET}${'x'.repeat(600)}` })!;
    expect(error.problems).toEqual([
      'S3_ENDPOINT: must be an http:// or https:// URL (got "not a url")',
      expect.stringMatching(/^S3_SECRET_ACCESS_KEY: .* \(got \[redacted\]\)$/),
    ]);
    expect(error.message).not.toContain(SECRET);
  });

  test('a complete S3 configuration gives the typed settings (path style off unless asked)', () => {
    expect(s3StorageOf(loadConfig(s3env))).toEqual({
      endpoint: undefined,
      bucket: BUCKET,
      region: 'us-east-1',
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: SECRET,
      forcePathStyle: false,
      requestTimeoutMs: 30_000,
    });
    expect(s3StorageOf(loadConfig({}))).toBeUndefined();
  });
});
