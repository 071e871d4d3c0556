import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../shared/request-context';
import type { LogbookAttachment } from './attachment.entity';
import { attachmentsOf } from './attachment.service';
import { LogbookAttachmentNode, toLogbookAttachmentNode } from './attachment.types';
import { LogbookEntryNode } from './logbook.types';

@Resolver(() => LogbookEntryNode)
export class LogbookEntryAttachmentsResolver {
  @FieldResolver(() => [LogbookAttachmentNode], { description: 'Evidence files (photos, PDFs), oldest first. Batched: one statement per page.' })
  async attachments(@Root() e: LogbookEntryNode, @Ctx() ctx: RequestContext): Promise<LogbookAttachmentNode[]> {
    const rows = await ctx.loaders.custom<string, LogbookAttachment[]>('logbookAttachments', (keys) => attachmentsOf(ctx, keys)).load(e.rowId);
    return rows.map(toLogbookAttachmentNode);
  }
}
