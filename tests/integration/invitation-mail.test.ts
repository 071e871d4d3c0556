import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { SMTPServer } from 'smtp-server';
import { SmtpInvitationMailer } from '../../src/identity/invitation.mailer';
import { createLogger } from '../../src/logger';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { gid } from '../support/factories';
import { people } from '../support/people';
import { graphql } from '../support/graphql';

// Invitations mailed through a real SMTP server (smtp-server on 127.0.0.1 port 0) with nodemailer.
let api: TestApi;
let smtp: SMTPServer;
let smtpUrl: string;
let admin: string;
let refuse = false;
const received: { to: string[]; raw: string }[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        if (refuse) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  api = await startTestApi({ env: { SMTP_URL: smtpUrl, PUBLIC_URL: 'https://dualhub.example.kz' } });
  admin = await api.keyFor(BIN.INEU);
});
afterAll(async () => {
  await api?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** The subject and text body of a single-part MIME message (base64 or quoted-printable, UTF-8). */
function parsed(raw: string): { subject: string; text: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  const unfolded = head!.replace(/\r?\n[ \t]+/g, ' ');
  const subject = (/^Subject: (.*)$/m.exec(unfolded)?.[1] ?? '').replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/gi, (_, b64: string) =>
    Buffer.from(b64, 'base64').toString('utf8'),
  );
  const encoding = /^Content-Transfer-Encoding: (\S+)/im.exec(unfolded)?.[1]?.toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8')
        : body;
  return { subject, text };
}

const INVITE = graphql(`
  mutation ($input: InvitePersonInput!) {
    invitePerson(input: $input) {
      token
      invitation {
        email
      }
      userErrors {
        code
      }
    }
  }
`);
const invite = async (email: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
  const organizationId = gid('Organization', await api.orgId(BIN.INEU));
  const { data, errors } = await api.gql(admin, INVITE, { input: { organizationId, email, fullName: 'Mailed Person', role: 'MENTOR', ...extra } }, headers);
  expect(errors).toBeUndefined();
  expect(data!.invitePerson.userErrors).toEqual([]);
  return data!.invitePerson.token as string;
};

test('with SMTP_URL an invitation is also mailed: to the person, in the language asked for, with the one-time link', async () => {
  const token = await invite('mailed.ru@ineu.kz', { language: 'ru' });
  const message = received.find((m) => m.to.includes('mailed.ru@ineu.kz'))!;
  expect(message).toBeDefined();
  const { subject, text } = parsed(message.raw);
  expect(subject).toBe('DualHub: приглашение от InEU');
  expect(text).toContain(`https://dualhub.example.kz/invitation#token=${token}`);
  expect(text).toContain('Здравствуйте, Mailed Person!');

  // Without a language the request's Accept-Language decides.
  const kkToken = await invite('mailed.kk@ineu.kz', {}, { 'accept-language': 'kk' });
  const kk = parsed(received.find((m) => m.to.includes('mailed.kk@ineu.kz'))!.raw).text;
  expect(kk).toContain('Сәлеметсіз бе, Mailed Person!');
  expect(kk).toContain(kkToken);
  // The link's token works.
  expect((await people(api).accept(kkToken, 'a mailed passphrase 2026')).status).toBe(200);
});

test('a failing SMTP server loses no invitation: the mutation still returns the link, and the error is logged without the token', async () => {
  const lines: string[] = [];
  const log = createLogger('info', new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
  api.hub.app.services.identity.useMailer(new SmtpInvitationMailer(smtpUrl, 'DualHub <no-reply@dualhub.local>', 'https://dualhub.example.kz', log));
  refuse = true;
  try {
    const before = received.length;
    const token = await invite('refused.mail@ineu.kz');
    expect(token).toMatch(/^dhi_/);
    expect(received.length).toBe(before);
    const failure = lines.map((l) => JSON.parse(l)).find((l) => l.msg.startsWith('invitation not mailed'));
    expect(failure).toMatchObject({ level: 50, responseCode: 550 });
    expect(lines.join('\n')).not.toContain(token);
    expect((await people(api).accept(token, 'the link still works 2026')).status).toBe(200);
  } finally {
    refuse = false;
  }
});
