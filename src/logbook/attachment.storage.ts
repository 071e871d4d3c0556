import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CodedError } from '../shared/errors';

/**
 * Where evidence bytes live, behind one small interface: the filesystem ({@link FileSystemAttachmentStorage},
 * the default) or an S3-compatible bucket (`S3AttachmentStorage`, ATTACHMENT_STORAGE=s3). Keys are
 * made by the store. A store that cannot be reached throws {@link AttachmentStorageError}, whose
 * text names no endpoint, credential or key.
 */
export interface AttachmentStorage {
  /** Stores the bytes under a new key and returns it; on failure nothing is left under that key (as far as the store can still be told). */
  put(bytes: Buffer): Promise<string>;
  /** The bytes under a key, or null when there are none. */
  get(key: string): Promise<Buffer | null>;
  /** Removes the bytes (used when the row that would point at them is not written); no error when there are none. */
  delete(key: string): Promise<void>;
}

/** The attachment store failed (unreachable, refused, timed out): 503 to the client, the cause in the log only. */
export class AttachmentStorageError extends CodedError {
  constructor(
    readonly operation: 'put' | 'get' | 'delete',
    /** What the log may show of the cause: its name, code and HTTP status, never its text (which a store may fill with request details). */
    readonly storageCause: { name: string; code?: string; httpStatus?: number },
  ) {
    super('The attachment storage is unavailable; try again later', 'ATTACHMENT_STORAGE_UNAVAILABLE', 503);
    this.name = 'AttachmentStorageError';
  }
}

/** A new store key: two hex characters of fan-out, then a random UUID (`3f/3f2a…`). */
export function newAttachmentKey(): string {
  const id = randomUUID();
  return `${id.slice(0, 2)}/${id}`;
}

/** Whether a key has the shape {@link newAttachmentKey} makes (anything else is never looked up). */
export function isAttachmentKey(key: string): boolean {
  return KEY.test(key);
}

const KEY = /^[0-9a-f]{2}\/[0-9a-f-]{36}$/;

/** Attachments as files under `root` (default `DATA_DIR/attachments`), written atomically (temp file + rename). */
export class FileSystemAttachmentStorage implements AttachmentStorage {
  constructor(private readonly root: string) {}

  async put(bytes: Buffer): Promise<string> {
    const key = newAttachmentKey();
    const file = path.join(this.root, key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.tmp`;
    await fs.writeFile(temp, bytes, { mode: 0o600 });
    await fs.rename(temp, file);
    return key;
  }

  async get(key: string): Promise<Buffer | null> {
    if (!KEY.test(key)) return null;
    try {
      return await fs.readFile(path.join(this.root, key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    if (KEY.test(key)) await fs.rm(path.join(this.root, key), { force: true });
  }
}
