import { LockMode } from '@mikro-orm/core';
import { createHash } from 'node:crypto';
import { AuditAction, type AuditService } from '../audit';
import { runMutation } from '../db/mutation';
import { Placement } from '../placements';
import { NotFoundError } from '../shared/errors';
import { callerOf, requireRole, WRITE_ROLES } from '../shared/permissions';
import { type Outcome, refuse, succeed } from '../shared/rule-violation';
import { actorOf, type RequestContext } from '../shared/request-context';
import { LogbookAttachment } from './attachment.entity';
import { safeFileName, sniffEvidenceType } from './attachment.rules';
import type { AttachmentStorage } from './attachment.storage';
import { LogbookEntry, LogbookEntryStatus } from './logbook.entity';
import { LogbookErrorCode, logbookViolation, same } from './logbook.messages';

/** The attachments of a page of (visible) entries, in one statement. */
export async function attachmentsOf(ctx: RequestContext, entryIds: readonly string[]): Promise<LogbookAttachment[][]> {
  const rows = await ctx.em.find(LogbookAttachment, { entry: { $in: [...entryIds] } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  return entryIds.map((id) => rows.filter((r) => r.entry.id === id));
}

/** Evidence files on logbook entries: upload (size and content-sniffed type checked), scoped download. */
export class LogbookAttachmentService {
  /** @param maxBytes largest accepted file (config ATTACHMENT_MAX_BYTES, default 10 MiB) */
  constructor(
    private readonly audit: AuditService,
    private readonly storage: AttachmentStorage,
    readonly maxBytes: number,
  ) {}

  /**
   * Attaches a file to an entry the caller may see and is a party to (the placement's HEI or
   * employer; a signed-in person only to their own entries). Refused, with nothing stored: a file
   * over the limit (ATTACHMENT_TOO_LARGE), one whose content is not a JPEG, PNG or PDF
   * (ATTACHMENT_TYPE_REFUSED, whatever its name), a SIGNED entry (ENTRY_SIGNED: it is immutable).
   *
   * Order, so that a row never points at missing bytes and no transaction waits on the store:
   * every rule is checked first (nothing stored on a refusal); then the bytes are stored, outside
   * any transaction (an S3 upload of 10 MiB holds no row lock and no pooled connection); then, in
   * the mutation frame with the entry's row locked, the rules are checked again (a sign-off may
   * have come in between) and the row is written. If that refuses or fails, the bytes are removed
   * again. A store that fails throws {@link AttachmentStorageError} (503) and no row is written.
   */
  async attach(ctx: RequestContext, input: { entryId: string; bytes: Buffer; fileName?: string }): Promise<Outcome<LogbookAttachment, LogbookErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const visible = await ctx.em.findOne(LogbookEntry, { id: input.entryId });
    if (!visible) throw new NotFoundError('LogbookEntry');
    if (input.bytes.length > this.maxBytes) return refuse(this.tooLarge());
    const mediaType = sniffEvidenceType(input.bytes);
    if (!mediaType) return refuse(logbookViolation(['file'], LogbookErrorCode.ATTACHMENT_TYPE_REFUSED));
    const first = this.refusalFor(
      ctx,
      visible,
      await ctx.em.findOneOrFail(Placement, { id: visible.placement.id }, { filters: false, populate: ['hei', 'employer'] }),
    );
    if (first) return refuse(first);
    const storageKey = await this.storage.put(input.bytes);
    try {
      const outcome = await runMutation(ctx, async (tx) => {
        // The entry's row lock orders this against a concurrent sign-off: evidence never lands on a signed entry.
        const entry = await tx.em.findOneOrFail(LogbookEntry, { id: input.entryId }, { filters: false, lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
        const placement = await tx.em.findOneOrFail(Placement, { id: entry.placement.id }, { filters: false, populate: ['hei', 'employer'] });
        const refusal = this.refusalFor(tx, entry, placement);
        if (refusal) return refuse(refusal);
        const caller = callerOf(tx);
        const row = tx.em.create(LogbookAttachment, {
          entry,
          placement,
          hei: placement.hei,
          employer: placement.employer,
          fileName: safeFileName(input.fileName, mediaType),
          mediaType,
          sizeBytes: input.bytes.length,
          sha256: createHash('sha256').update(input.bytes).digest('hex'),
          storageKey,
          uploadedBy: caller ? actorOf(caller) : 'system',
        });
        this.audit.record(tx, tx.em, {
          objectType: 'LogbookEntry',
          objectId: entry.id,
          action: AuditAction.STATUS_CHANGED,
          after: { attachmentId: row.id, mediaType, sizeBytes: input.bytes.length },
          visibleTo: [placement.hei.id, placement.employer.id],
          regions: [placement.hei.region, placement.employer.region],
        });
        return succeed(row);
      });
      if (!outcome.ok) await this.discard(ctx, storageKey);
      return outcome;
    } catch (error) {
      await this.discard(ctx, storageKey);
      throw error;
    }
  }

  /** The rule a caller breaks by attaching to this entry now, if any (checked before storing and again under the row lock). */
  private refusalFor(ctx: RequestContext, entry: LogbookEntry, placement: Placement) {
    const caller = callerOf(ctx);
    if (caller && caller.organizationId !== placement.hei.id && caller.organizationId !== placement.employer.id)
      return logbookViolation(['entryId'], LogbookErrorCode.NOT_A_PARTY);
    if (caller?.personId && caller.personId !== entry.student.id) return logbookViolation(['entryId'], LogbookErrorCode.NOT_THE_STUDENT);
    if (entry.status === LogbookEntryStatus.SIGNED) return logbookViolation(['entryId'], LogbookErrorCode.ENTRY_SIGNED);
    return undefined;
  }

  /** Removes bytes no row points at; if the store fails now, the orphan is logged (by key, for a sweep) and the original outcome stands. */
  private async discard(ctx: RequestContext, storageKey: string): Promise<void> {
    try {
      await this.storage.delete(storageKey);
    } catch {
      ctx.log.warn({ storageKey }, 'attachment bytes without a row were left in the store');
    }
  }

  /** An attachment the caller may see (like its entry) and its bytes; NOT_FOUND otherwise. */
  async download(ctx: RequestContext, attachmentId: string): Promise<{ attachment: LogbookAttachment; bytes: Buffer }> {
    const attachment = await ctx.em.findOne(LogbookAttachment, { id: attachmentId });
    const bytes = attachment ? await this.storage.get(attachment.storageKey) : null;
    if (!attachment || !bytes) throw new NotFoundError('LogbookAttachment');
    return { attachment, bytes };
  }

  /** The refusal of a file over the limit, naming the limit. */
  tooLarge() {
    return logbookViolation(['file'], LogbookErrorCode.ATTACHMENT_TOO_LARGE, same(`(> ${this.maxBytes} B)`));
  }
}
