import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';

/** Bytes of sheet XML gathered before they go to the zip stream as one chunk (one deflate write). */
const SHEET_CHUNK_BYTES = 64 * 1024;

/** What exceljs' writer hands its sheet stream: a Buffer, a string, or its own StringBuf (bytes in `_buf`, `length` of them). */
type SheetChunk = Buffer | string | { _buf: Buffer; length: number };

/**
 * A sheet's stream with backpressure: a PassThrough that the zip reads its entry from, the
 * writer's small writes (one a row) copied into {@link SHEET_CHUNK_BYTES} buffers, so a row costs
 * no allocation of its own (1 000 000 small native buffers churned the RSS). Its
 * `writableNeedDrain` says when the zip (and the response behind it) is behind, and `'drain'`
 * when to go on.
 */
function sheetStream(): PassThrough {
  const stream = new PassThrough({ highWaterMark: SHEET_CHUNK_BYTES });
  const write = stream.write.bind(stream);
  const end = stream.end.bind(stream);
  let buffer = Buffer.allocUnsafe(SHEET_CHUNK_BYTES);
  let size = 0;
  const flush = (): boolean => {
    if (!size) return !stream.writableNeedDrain;
    const chunk = buffer.subarray(0, size);
    buffer = Buffer.allocUnsafe(SHEET_CHUNK_BYTES);
    size = 0;
    return write(chunk);
  };
  const add = (bytes: Buffer, length: number): boolean => {
    let ok = true;
    if (size + length > SHEET_CHUNK_BYTES) ok = flush();
    if (length > SHEET_CHUNK_BYTES) return write(Buffer.from(bytes.subarray(0, length)));
    bytes.copy(buffer, size, 0, length);
    size += length;
    return ok && !stream.writableNeedDrain;
  };
  Object.assign(stream, {
    write(chunk: SheetChunk): boolean {
      if (typeof chunk === 'string') {
        const bytes = Buffer.from(chunk);
        return add(bytes, bytes.length);
      }
      return Buffer.isBuffer(chunk) ? add(chunk, chunk.length) : add(chunk._buf, chunk.length);
    },
    end(...args: unknown[]) {
      flush();
      return (end as (...a: unknown[]) => PassThrough)(...args);
    },
  });
  return stream;
}

/** The internals of exceljs 4.4's WorkbookWriter this module replaces (pinned version: see {@link xlsxWriter}). */
interface WriterInternals {
  zip: { append(source: NodeJS.ReadableStream, options: { name: string }): void; abort(): void };
  _openStream(path: string): Writable;
}

/**
 * exceljs' streaming WorkbookWriter (no shared strings, no styles) whose sheets write into a
 * stream with backpressure. exceljs' own sheet stream (its StreamBuf) says every write succeeded
 * and queues what the zip has not read yet in memory, so a fast cursor piled a 1 000 000-row
 * sheet up in the server (345 MB). Here each sheet is a {@link sheetStream}: the zip (archiver)
 * reads it as it deflates, and is piped into `out` (the response) with backpressure, so a full
 * response stops the zip, which stops reading the sheet, whose `writableNeedDrain` stops the
 * caller (see {@link sheetBackpressure}). Overrides exceljs' `_openStream` (exceljs is pinned at
 * 4.4.0; the XLSX tests read the result back with exceljs).
 */
export function xlsxWriter(out: Writable, zlibLevel = 6): ExcelJS.stream.xlsx.WorkbookWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
    zip: { zlib: { level: zlibLevel, memLevel: 8 } },
  } as Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions>);
  const internals = workbook as unknown as WriterInternals;
  internals._openStream = (path: string) => {
    const stream = sheetStream();
    internals.zip.append(stream, { name: path });
    // exceljs waits for 'zipped' when it commits a sheet still open.
    stream.on('finish', () => stream.emit('zipped'));
    return stream;
  };
  return workbook;
}

/** The sheet's stream, when the zip is behind (wait for its 'drain'); undefined when the caller may go on. */
export function sheetBackpressure(sheet: ExcelJS.Worksheet): PassThrough | undefined {
  const stream = (sheet as unknown as { stream: PassThrough }).stream;
  return stream.writableNeedDrain ? stream : undefined;
}

/** Stops the zip of a workbook left unfinished (the client went away). */
export function abortXlsx(workbook: ExcelJS.stream.xlsx.WorkbookWriter): void {
  (workbook as unknown as WriterInternals).zip.abort();
}
