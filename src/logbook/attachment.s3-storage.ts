import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { S3StorageConfig } from '../config';
import type { Logger } from '../logger';
import { type AttachmentStorage, AttachmentStorageError, isAttachmentKey, newAttachmentKey } from './attachment.storage';

/**
 * Attachments as objects in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, Garage, …) under
 * their key (`3f/3f2a…`), private (no ACL is set, so the bucket's default applies: keep it
 * private; downloads go through the API's scoped route, never a bucket URL).
 *
 * The client is held in a `#private` field, so logging or inspecting the store shows no
 * credential; every failure becomes an {@link AttachmentStorageError} carrying only the cause's
 * name, code and HTTP status.
 */
export class S3AttachmentStorage implements AttachmentStorage {
  readonly #client: S3Client;
  readonly #bucket: string;

  constructor(
    settings: S3StorageConfig,
    private readonly log: Logger,
  ) {
    this.#bucket = settings.bucket;
    this.#client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      // Checksums only where S3 requires them: many S3-compatible stores refuse the newer CRC trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // Two attempts (one retry, the SDK's capped backoff): an upload waits on this, so fail in bounded time.
      maxAttempts: 2,
      requestHandler: { connectionTimeout: settings.requestTimeoutMs, requestTimeout: settings.requestTimeoutMs },
    });
  }

  async put(bytes: Buffer): Promise<string> {
    const key = newAttachmentKey();
    try {
      await this.#client.send(new PutObjectCommand({ Bucket: this.#bucket, Key: key, Body: bytes, ContentLength: bytes.length }));
      return key;
    } catch (error) {
      // The store may have kept the object although the answer was lost (a timeout after the body went): remove it.
      await this.delete(key).catch(() => this.log.warn({ key }, 'attachment storage: an object of a failed upload may be left behind'));
      throw this.failure('put', error);
    }
  }

  async get(key: string): Promise<Buffer | null> {
    if (!isAttachmentKey(key)) return null;
    try {
      const answer = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
      return answer.Body ? Buffer.from(await answer.Body.transformToByteArray()) : null;
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw this.failure('get', error);
    }
  }

  async delete(key: string): Promise<void> {
    if (!isAttachmentKey(key)) return;
    try {
      // S3 answers 204 for a key that is not there too.
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
    } catch (error) {
      throw this.failure('delete', error);
    }
  }

  /** Closes the client's sockets. */
  close(): void {
    this.#client.destroy();
  }

  private failure(operation: 'put' | 'get' | 'delete', error: unknown): AttachmentStorageError {
    const cause = {
      name: error instanceof Error ? error.name : 'Error',
      code: (error as { code?: unknown }).code === undefined ? undefined : String((error as { code?: unknown }).code),
      httpStatus: error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined,
    };
    this.log.error({ operation, cause }, 'attachment storage failed');
    return new AttachmentStorageError(operation, cause);
  }
}
