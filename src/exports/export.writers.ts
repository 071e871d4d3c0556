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

/** Object rows (from the cursor) → CSV lines of `columns`, header first (UTF-8 with BOM for spreadsheets). */
export function csvTransform(columns: readonly string[]): Transform {
  let started = false;
  return new Transform({
    writableObjectMode: true,
    transform(row: Record<string, unknown>, _encoding, done) {
      let out = '';
      if (!started) {
        started = true;
        out = `\uFEFF${columns.map(csvField).join(',')}\r\n`;
      }
      done(null, out + columns.map((c) => csvField(row[c])).join(',') + '\r\n');
    },
    flush(done) {
      // An empty result still gets its header.
      done(null, started ? '' : `\uFEFF${columns.map(csvField).join(',')}\r\n`);
    },
  });
}
