import { PassThrough, Transform, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import archiver from 'archiver';

/** Bytes of sheet XML the sheet's entry holds before the writer is told to wait ('drain'). */
const SHEET_HIGH_WATER = 64 * 1024;

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const PACKAGE_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

/** Characters XML 1.0 does not allow (controls but tab, LF, CR; U+FFFE, U+FFFF; lone surrogates). */
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
/** A text needing any work: markup characters, controls, surrogates (paired or not), U+FFFE/U+FFFF. */
// eslint-disable-next-line no-control-regex -- the controls are what it looks for
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Text as XML character data or attribute value: `& < > "` escaped, characters XML 1.0 forbids dropped. */
export function xmlText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(INVALID_XML, '').replace(/[&<>"]/g, (c) => ENTITIES[c]!);
}

/** A column's letters (0 → A, 25 → Z, 26 → AA …). */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * One cell's XML at `ref` (`B7`): a finite number as a number cell, a boolean as `t="b"`, any
 * other value as an inline string (a Date as its ISO text); null and undefined write no cell. An
 * inline string is never read as a formula, whatever it starts with.
 */
export function cellXml(ref: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && Number.isFinite(value)) return `<c r="${ref}"><v>${value}</v></c>`;
  if (typeof value === 'boolean') return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
  const text = value instanceof Date ? value.toISOString() : String(value);
  return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xmlText(text)}</t></is></c>`;
}

/** The parts of a one-sheet workbook around its sheet (no shared strings; one default style). */
function workbookParts(sheetName: string): [string, string][] {
  return [
    [
      '[Content_Types].xml',
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
        `<Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>` +
        `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${CT}.worksheet+xml"/>` +
        `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>` +
        `</Types>`,
    ],
    [
      '_rels/.rels',
      `${XML}<Relationships xmlns="${PACKAGE_RELS}"><Relationship Id="rId1" Type="${DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      'xl/workbook.xml',
      `${XML}<workbook xmlns="${MAIN}" xmlns:r="${DOC_RELS}"><sheets><sheet name="${xmlText(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `${XML}<Relationships xmlns="${PACKAGE_RELS}">` +
        `<Relationship Id="rId1" Type="${DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${DOC_RELS}/styles" Target="styles.xml"/>` +
        `</Relationships>`,
    ],
    [
      'xl/styles.xml',
      `${XML}<styleSheet xmlns="${MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
        `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
        `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
        `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
        `<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>` +
        `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
    ],
  ];
}

/** A one-sheet XLSX being streamed: rows go in a batch at a time. */
export interface XlsxSheet {
  /** Writes rows (values in column order) as one chunk of sheet XML; false when the zip is behind: wait for {@link stream}'s 'drain'. */
  write(rows: readonly (readonly unknown[])[]): boolean;
  /** The sheet's entry (a PassThrough the zip reads as it deflates). */
  readonly stream: PassThrough;
  /** Closes the sheet and the zip; resolves once `out` has taken the last byte. */
  end(): Promise<void>;
  /** Stops the zip of a workbook left unfinished (the client went away). */
  abort(): void;
}

/**
 * An XLSX of one sheet named `sheetName` whose first row is `header`, zipped by archiver (zip,
 * deflate at `zlibLevel`) into `out` with backpressure. The sheet XML is written here, one string
 * per batch of rows: no object per row or cell (exceljs' streaming writer made several, and a
 * 1 000 000-row export grew the server's RSS by some 300 MB of short-lived garbage). The sheet's
 * entry is a PassThrough the zip reads as it deflates, and the zip is piped into `out`: a full
 * response stops the zip, which stops reading the sheet, whose `write` then says false.
 */
export function xlsxSheet(out: Writable, sheetName: string, header: readonly string[], zlibLevel = 6): XlsxSheet {
  const zip = archiver('zip', { zlib: { level: zlibLevel, memLevel: 8 } });
  zip.on('warning', (error) => zip.emit('error', error));
  zip.pipe(out);
  for (const [name, xml] of workbookParts(sheetName)) zip.append(xml, { name });
  const stream = new PassThrough({ highWaterMark: SHEET_HIGH_WATER });
  zip.append(stream, { name: 'xl/worksheets/sheet1.xml' });
  const refs = header.map((_, i) => columnLetters(i));
  let row = 0;
  const write = (rows: readonly (readonly unknown[])[]): boolean => {
    let xml = '';
    for (const values of rows) {
      const r = ++row;
      xml += `<row r="${r}">`;
      for (let i = 0; i < values.length; i++) xml += cellXml(`${refs[i] ?? columnLetters(i)}${r}`, values[i]);
      xml += '</row>';
    }
    return stream.write(xml);
  };
  stream.write(`${XML}<worksheet xmlns="${MAIN}" xmlns:r="${DOC_RELS}"><sheetData>`);
  write([header]);
  return {
    write,
    stream,
    async end() {
      stream.end('</sheetData></worksheet>');
      await zip.finalize();
      await finished(out);
    },
    abort() {
      zip.abort();
      stream.destroy();
    },
  };
}

const LF = 0x0a;

/** Passes COPY's lines (one a row) on as they are, and fails once more than `max` have come. */
export function lineLimit(max: number, message: string): Transform {
  let lines = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      for (let at = chunk.indexOf(LF); at >= 0; at = chunk.indexOf(LF, at + 1)) lines++;
      done(lines > max ? new Error(message) : null, chunk);
    },
  });
}
