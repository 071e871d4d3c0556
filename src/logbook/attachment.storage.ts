import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Where evidence bytes live, behind one small interface so an S3-compatible store can implement
 * it (not built yet: the filesystem store is the only one). Keys are made by the store.
 */
export interface AttachmentStorage {
  /** Stores the bytes under a new key and returns it. */
  put(bytes: Buffer): Promise<string>;
  /** The bytes under a key, or null when there are none. */
  get(key: string): Promise<Buffer | null>;
  /** Removes the bytes (used when the row that would point at them is not written). */
  delete(key: string): Promise<void>;
}

const KEY = /^[0-9a-f]{2}\/[0-9a-f-]{36}$/;

/** Attachments as files under `root` (default `DATA_DIR/attachments`), written atomically (temp file + rename). */
export class FileSystemAttachmentStorage implements AttachmentStorage {
  constructor(private readonly root: string) {}

  async put(bytes: Buffer): Promise<string> {
    const id = randomUUID();
    const key = `${id.slice(0, 2)}/${id}`;
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
