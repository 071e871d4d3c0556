import { Transform } from 'node:stream';
import { escapeIdentifier, escapeLiteral } from 'pg';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a text starting
 * with `=`, `+`, `-`, `@`, tab or CR gets a leading apostrophe so a spreadsheet never runs it as a
 * formula (CSV injection). Null is the empty field. The header line is written with it; the rows
 * are written by PostgreSQL ({@link csvCopyStatement}) to the same rules.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The first bytes of a CSV export: UTF-8 BOM (for spreadsheets), the header line, CRLF. */
export function csvHeader(columns: readonly string[]): string {
  return `\uFEFF${columns.map(csvField).join(',')}\r\n`;
}

/** A result column as the driver describes it: its name and its type's OID. */
export interface ResultField {
  name: string;
  dataTypeID: number;
}

const BOOL = 16;
/** Types node-pg hands over as a JS number (the rest, with this pool's parsers, as text). */
const INTEGERS = new Set([21, 23, 26]); // int2, int4, oid
const FLOATS = new Set([700, 701]); // float4, float8
/** Types node-pg hands over as the type's text output (MikroORM keeps dates and intervals as text). */
const TEXTS = new Set([18, 19, 20, 25, 1042, 1043, 1082, 1083, 1114, 1184, 1186, 1266, 1700, 2950]);

/**
 * A float as JavaScript's `String(number)` writes it. PostgreSQL's float8 output has the same
 * shortest digits but writes exponents from 1e-5 down and from 1e15 up (`1e-05`, `1e+15`), where
 * JavaScript stays in fixed notation down to 1e-6 and up to 1e20 (and writes `1e-7`).
 */
function jsNumberSql(v: string): string {
  const m = `(select case when m[4] = '-' and m[5]::int <= 6 then m[1] || '0.' || repeat('0', m[5]::int - 1) || m[2] || coalesce(m[3], '')
                     when m[4] = '+' then m[1] || m[2] || coalesce(m[3], '') || repeat('0', m[5]::int - length(coalesce(m[3], '')))
                     else m[1] || m[2] || coalesce('.' || m[3], '') || 'e-' || m[5]::int end
                from regexp_match(${v}::text, '^(-?)(\\d)(?:\\.(\\d+))?e([-+])(\\d+)$') m)`;
  return `case when ${v} = 0 then '0' when abs(${v}) >= 1e-4 and abs(${v}) < 1e15 or abs(${v}) >= 1e21 or ${v} = 'NaN' then ${v}::text else ${m} end`;
}

/**
 * The SQL that writes one result column as {@link csvField} writes the value node-pg gives for
 * it: booleans `true`/`false`, numbers as JavaScript writes them (never defused), every other
 * value as its text with formulas defused and the empty text as the empty field (COPY would
 * quote it). Quoting is COPY's: a value with a comma, quote or line break, as RFC 4180.
 */
export function csvColumnSql(field: ResultField, alias: string): string {
  const v = `${alias}.${escapeIdentifier(field.name)}`;
  if (field.dataTypeID === BOOL) return `case when ${v} then 'true' when not ${v} then 'false' end`;
  if (INTEGERS.has(field.dataTypeID)) return `${v}::text`;
  if (FLOATS.has(field.dataTypeID)) return jsNumberSql(field.dataTypeID === 700 ? `${v}::text::float8` : v);
  if (!TEXTS.has(field.dataTypeID) && field.dataTypeID < 16384)
    throw new Error(`export: column ${field.name} has type ${field.dataTypeID}, which the CSV writer does not know`);
  // Text, ids, numerics, dates and user types (enums): their text output.
  return `nullif(case when left(${v}::text, 1) in ('=', '+', '-', '@', E'\\t', E'\\r') then '''' || ${v}::text else ${v}::text end, '')`;
}

/** A bound value as an SQL literal of unknown type, as the driver would send it as a parameter. */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return escapeLiteral(value);
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint' || typeof value === 'boolean') return escapeLiteral(String(value));
  if (value instanceof Date) return escapeLiteral(value.toISOString());
  if (Array.isArray(value)) return escapeLiteral(`{${value.map(arrayElement).join(',')}}`);
  throw new Error(`export: cannot write a ${typeof value} as an SQL literal`);
}

function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  throw new Error(`export: cannot write a ${typeof value} in an SQL array literal`);
}

/**
 * `COPY (…) TO STDOUT (FORMAT csv)` of a statement in driver form (`$1`, `$2` … and its
 * bindings; COPY takes no parameters, so each is inlined as a quoted literal by the driver's
 * `escapeLiteral`), its columns formatted by {@link csvColumnSql} from `fields` (the statement's
 * result as described by the server). No header: it is written by {@link csvHeader}.
 */
export function csvCopyStatement(sql: string, bindings: readonly unknown[], fields: readonly ResultField[]): string {
  return `copy (select ${fields.map((f) => csvColumnSql(f, 'e')).join(', ')} from (${inlineBindings(sql, bindings)}) e) to stdout with (format csv)`;
}

/** A statement in driver form (`$1`, `$2` …) with each binding inlined as a quoted literal ({@link sqlLiteral}): COPY takes no parameters. */
export function inlineBindings(sql: string, bindings: readonly unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_match, n: string) => {
    const index = Number(n) - 1;
    if (index >= bindings.length) throw new Error(`export: no binding $${n}`);
    return sqlLiteral(bindings[index]);
  });
}

/**
 * SQL of a text as XML character data that COPY's text format writes as it is: `& < > "`
 * escaped, controls XML 1.0 forbids (and U+FFFE, U+FFFF) dropped, and tab, line breaks and
 * backslash (which COPY would escape) as character references.
 */
export function xmlTextSql(text: string): string {
  const stripped = `regexp_replace(${text}, E'[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\uFFFE\\uFFFF]', '', 'g')`;
  const pairs: [string, string][] = [
    ['&', '&amp;'],
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['"', '&quot;'],
    ['\\', '&#92;'],
    ["E'\\t'", '&#9;'],
    ["E'\\n'", '&#10;'],
    ["E'\\r'", '&#13;'],
  ];
  return pairs.reduce((sql, [from, to]) => `replace(${sql}, ${from.startsWith("E'") ? from : `'${from}'`}, '${to}')`, stripped);
}

/**
 * The SQL of one result column as an XLSX cell of row `row` (an SQL expression) in column
 * `letters`, or the empty text for null (no cell), as the XLSX writer writes the value node-pg
 * gives for it: integers and finite floats (in JavaScript's digits) as number cells, booleans
 * as `t="b"`, every other value as an inline string of its text (never a formula).
 */
export function xlsxCellSql(field: ResultField, alias: string, letters: string, row: string): string {
  const v = `${alias}.${escapeIdentifier(field.name)}`;
  const ref = `'<c r="${letters}' || ${row} || '"`;
  const inline = (text: string) => `${ref} t="inlineStr"><is><t xml:space="preserve">' || ${xmlTextSql(text)} || '</t></is></c>'`;
  if (field.dataTypeID === BOOL) return `case when ${v} then ${ref} t="b"><v>1</v></c>' when not ${v} then ${ref} t="b"><v>0</v></c>' else '' end`;
  if (INTEGERS.has(field.dataTypeID)) return `coalesce(${ref}><v>' || ${v}::text || '</v></c>', '')`;
  if (FLOATS.has(field.dataTypeID)) {
    const f = field.dataTypeID === 700 ? `${v}::text::float8` : v;
    return `case when ${v} is null then '' when ${f} in ('NaN', 'Infinity', '-Infinity') then ${inline(`${v}::text`)} else ${ref}><v>' || ${jsNumberSql(f)} || '</v></c>' end`;
  }
  if (!TEXTS.has(field.dataTypeID) && field.dataTypeID < 16384)
    throw new Error(`export: column ${field.name} has type ${field.dataTypeID}, which the XLSX writer does not know`);
  return `coalesce(${inline(`${v}::text`)}, '')`;
}

/**
 * `COPY (…) TO STDOUT` (text format) of a statement in driver form whose every line is one
 * `<row>` of sheet XML (rows numbered from 2: the header is row 1), its cells by
 * {@link xlsxCellSql}; nothing in a line is one COPY escapes, so the bytes are the XML.
 */
export function xlsxCopyStatement(sql: string, bindings: readonly unknown[], fields: readonly ResultField[], letters: readonly string[]): string {
  const row = 'e.__export_row';
  const cells = fields.map((f, i) => xlsxCellSql(f, 'e', letters[i]!, row)).join(' || ');
  return `copy (select '<row r="' || ${row} || '">' || ${cells || "''"} || '</row>' from (select row_number() over () + 1 as __export_row, x.* from (${inlineBindings(sql, bindings)}) x) e) to stdout`;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * COPY's CSV lines end in LF; the export's end in CRLF, as before. Adds a CR before every LF
 * outside a quoted field (a line break inside a field stays as it is), tracking the quotes
 * across chunks. The bytes stay Buffers: no text is decoded.
 */
export function crlfLines(): Transform {
  let quoted = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const ends: number[] = [];
      let at = 0;
      for (;;) {
        const lf = chunk.indexOf(LF, at);
        const stop = lf < 0 ? chunk.length : lf;
        for (let q = chunk.indexOf(QUOTE, at); q >= 0 && q < stop; q = chunk.indexOf(QUOTE, q + 1)) quoted = !quoted;
        if (lf < 0) break;
        if (!quoted) ends.push(lf);
        at = lf + 1;
      }
      if (!ends.length) return done(null, chunk);
      const out = Buffer.allocUnsafe(chunk.length + ends.length);
      let from = 0;
      let to = 0;
      for (const lf of ends) {
        to += chunk.copy(out, to, from, lf);
        out[to++] = CR;
        from = lf;
      }
      chunk.copy(out, to, from);
      done(null, out);
    },
  });
}
