import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Language } from '../shared/localized';

/** What an invitation e-mail says. */
export interface InvitationMail {
  invitationId: string;
  to: string;
  fullName: string;
  organization: string;
  token: string;
  expiresAt: Date;
  language: Language;
}

/** Sends invitations by e-mail; the default sends nothing (no mail server is assumed). */
export interface InvitationMailer {
  /** Sends the mail; never throws (a failure is logged without the token and reported as false). */
  send(mail: InvitationMail): Promise<boolean>;
  close(): Promise<void>;
}

export const noMailer: InvitationMailer = { send: async () => false, close: async () => undefined };

const TEXT: Record<Language, (m: InvitationMail, link: string) => { subject: string; text: string }> = {
  kk: (m, link) => ({
    subject: `DualHub: ${m.organization} сізді шақырады`,
    text: `Сәлеметсіз бе, ${m.fullName}!\n\n${m.organization} сізді DualHub жүйесіне шақырады. Құпиясөз орнату үшін сілтемені ашыңыз (бір рет қана, ${m.expiresAt.toISOString().slice(0, 10)} дейін жарамды):\n\n${link}\n\nЕгер сіз бұл шақыруды күтпеген болсаңыз, хатты елемеңіз.\n`,
  }),
  ru: (m, link) => ({
    subject: `DualHub: приглашение от ${m.organization}`,
    text: `Здравствуйте, ${m.fullName}!\n\n${m.organization} приглашает вас в DualHub. Чтобы задать пароль, откройте ссылку (одноразовая, действует до ${m.expiresAt.toISOString().slice(0, 10)}):\n\n${link}\n\nЕсли вы не ждали этого приглашения, просто проигнорируйте письмо.\n`,
  }),
  en: (m, link) => ({
    subject: `DualHub: ${m.organization} invites you`,
    text: `Hello ${m.fullName},\n\n${m.organization} invites you to DualHub. To set your password, open this link (it works once, until ${m.expiresAt.toISOString().slice(0, 10)}):\n\n${link}\n\nIf you did not expect this invitation, ignore this e-mail.\n`,
  }),
};

/** The link the web console opens to set a password; the token is in the fragment, so no server or proxy logs it. */
export function invitationLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}/invitation#token=${encodeURIComponent(token)}`;
}

/** Invitations over SMTP with nodemailer (`SMTP_URL`, e.g. `smtp://user:pass@mail.example.kz:587`). */
export class SmtpInvitationMailer implements InvitationMailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    private readonly baseUrl: string,
    private readonly log: Logger,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(mail: InvitationMail): Promise<boolean> {
    const { subject, text } = TEXT[mail.language](mail, invitationLink(this.baseUrl, mail.token));
    try {
      await this.transport.sendMail({ from: this.from, to: mail.to, subject, text });
      this.log.info({ invitationId: mail.invitationId }, 'invitation mailed');
      return true;
    } catch (error) {
      // Only what the SMTP server answered, with the token cut out should it ever be echoed.
      const e = error as { code?: string; responseCode?: number; message?: string };
      const reason = String(e.message ?? error)
        .split(mail.token)
        .join('[redacted]')
        .slice(0, 300);
      this.log.error(
        { invitationId: mail.invitationId, smtpCode: e.code, responseCode: e.responseCode, reason },
        'invitation not mailed (the link was still returned)',
      );
      return false;
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/** The mailer the configuration asks for: SMTP when `SMTP_URL` is set, else none. */
export function mailerFor(config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'PUBLIC_URL' | 'HOST' | 'PORT'>, log: Logger): InvitationMailer {
  if (!config.SMTP_URL) return noMailer;
  return new SmtpInvitationMailer(config.SMTP_URL, config.MAIL_FROM, config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`, log);
}
