import { Field, ID, Int, ObjectType } from 'type-graphql';
import { toGlobalId } from '../graphql/relay';
import type { LogbookAttachment } from './attachment.entity';

@ObjectType('LogbookAttachment', {
  description:
    'An evidence file (photo or PDF) on a logbook entry. Upload: POST /logbook/entries/<entry id>/attachments?fileName=… with the file as the body; download: GET `downloadPath`, with the same key or session (scoped like the entry).',
})
export class LogbookAttachmentNode {
  @Field(() => ID, { description: 'Global id.' }) id!: string;
  @Field({ description: 'The uploader’s file name (sanitised).' }) fileName!: string;
  @Field({ description: 'Media type sniffed from the content: image/jpeg, image/png or application/pdf.' }) mediaType!: string;
  @Field(() => Int, { description: 'Size in bytes.' }) sizeBytes!: number;
  @Field({ description: 'SHA-256 of the bytes (hex).' }) sha256!: string;
  @Field({ description: 'Path of the download route, relative to the API’s origin.' }) downloadPath!: string;
  @Field({ description: 'When it was uploaded.' }) uploadedAt!: Date;
}

/** API shape of an attachment. */
export function toLogbookAttachmentNode(row: LogbookAttachment): LogbookAttachmentNode {
  const id = toGlobalId('LogbookAttachment', row.id);
  return Object.assign(new LogbookAttachmentNode(), {
    id,
    fileName: row.fileName,
    mediaType: row.mediaType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    downloadPath: `/logbook/attachments/${id}`,
    uploadedAt: row.createdAt,
  });
}
