import { Entity, Filter, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { PlacementRecord } from '../placements/placement-record.entity';
import { partiesScope } from '../db/scope';
import type { LogbookEntry } from './logbook.entity';

/**
 * An evidence file (photo or PDF) on a logbook entry: its metadata here, its bytes in the
 * attachment storage under `storageKey` (the filesystem under DATA_DIR by default). The media type
 * is the one sniffed from the content, never the one the uploader claimed. Visible like the entry
 * (the placement's parties and their regions' bodies).
 */
@Entity()
@Filter(partiesScope())
export class LogbookAttachment extends PlacementRecord {
  @ManyToOne('LogbookEntry')
  @Index()
  entry!: Rel<LogbookEntry>;

  /** The uploader's file name, sanitised (for Content-Disposition only). */
  @Property({ length: 200 })
  fileName!: string;

  /** Sniffed media type: image/jpeg, image/png or application/pdf. */
  @Property({ length: 100 })
  mediaType!: string;

  @Property({ type: 'integer' })
  sizeBytes!: number;

  /** SHA-256 of the bytes (hex). */
  @Property({ length: 64 })
  sha256!: string;

  /** Where the storage keeps the bytes. */
  @Property({ length: 200 })
  storageKey!: string;

  /** Who uploaded it: an API key id, or `person:<id>`. */
  @Property()
  uploadedBy!: string;
}
