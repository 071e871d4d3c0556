import { Transform } from 'node:stream';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a text starting
 * with `=`, `+`, `-`, `@`, tab or CR gets a leading apostrophe so a spreadsheet never runs it as a
 * formula (CSV injection). Null is the empty field.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Characters of CSV text per chunk pushed (about 16 KB). */
export const CSV_CHUNK_CHARS = 16_384;

/**
 * Batches of object rows (from the cursor, one array per fetch) → CSV text of `columns`, header
 * first (UTF-8 with BOM for spreadsheets), in chunks of about {@link CSV_CHUNK_CHARS}: a batch's
 * row objects die young, right after their text is made, and no chunk is large enough to be
 * allocated in the old generation, so a long export leaves little for the major collector.
 */
export function csvTransform(columns: readonly string[]): Transform {
  const header = `\uFEFF${columns.map(csvField).join(',')}\r\n`;
  let started = false;
  return new Transform({
    writableObjectMode: true,
    writableHighWaterMark: 1,
    transform(batch: readonly Record<string, unknown>[], _encoding, done) {
      let out = started ? '' : header;
      started = true;
      for (const row of batch) {
        out += columns.map((c) => csvField(row[c])).join(',') + '\r\n';
        // Chunks stay small: a string past V8's regular object size would be born in the old generation.
        if (out.length >= CSV_CHUNK_CHARS) {
          this.push(out);
          out = '';
        }
      }
      done(null, out);
    },
    flush(done) {
      // An empty result still gets its header.
      done(null, started ? '' : header);
    },
  });
}
