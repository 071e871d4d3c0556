/**
 * The lab agent's outbox on disk: an append-only journal of the reports it owes the API, so a
 * crashed or killed agent (SIGKILL, power cut) sends its unsent evidence when it starts again.
 *
 * One file of JSON lines. A report is one line `{"n":<number>,"m":"<mutation>","r":<report>}`,
 * written and fsync'ed before the port's call returns; when the API has accepted (or refused) it, a
 * line `{"ack":<number>}` follows (not fsync'ed: a lost ack only makes the report go again, and
 * the API stores reports idempotently, events keyed by session and sequence). Opening the journal
 * reads it in order, skips a torn last line (the process died mid-write), keeps the reports
 * without an ack and rewrites the file to hold only those (written beside it, fsync'ed, renamed).
 * While the agent runs, the file is emptied whenever every report in it has been acknowledged and
 * it has grown past {@link AgentJournalOptions.compactBytes}.
 *
 * One agent process per journal file: two agents writing one file would interleave their reports.
 */
import fs from 'node:fs';
import path from 'node:path';

/** A report the agent has not yet had accepted by the API. */
export interface JournalEntry {
  /** Position in the journal, 1, 2, 3 … in the order the reports were made. */
  readonly n: number;
  /** The GraphQL mutation that carries the report (`reportSessionEvents`, …). */
  readonly mutation: string;
  /** The report, as sent. */
  readonly report: unknown;
}

/** Options of {@link AgentJournal.open}. */
export interface AgentJournalOptions {
  /** Empty the file once everything in it is acknowledged and it is larger than this, bytes; default 1 MiB. */
  compactBytes?: number;
}

/** The journal file of one lab agent. Open it with {@link AgentJournal.open}. */
export class AgentJournal {
  private constructor(
    /** Path of the journal file. */
    readonly file: string,
    private fd: number,
    private next: number,
    private bytes: number,
    private readonly unacked: Map<number, JournalEntry>,
    private readonly compactBytes: number,
  ) {}

  /**
   * Opens (or creates, with its folder) the journal at `file` and returns it with the reports left
   * unacknowledged by the previous run, in the order they were made.
   */
  static open(file: string, options: AgentJournalOptions = {}): { journal: AgentJournal; pending: JournalEntry[] } {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const unacked = new Map<number, JournalEntry>();
    let last = 0;
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const lines = text.split('\n');
    // Without a final newline the last line was being written when the process died: it was
    // never fsync'ed, so the port never returned for it; dropping it loses nothing promised.
    if (!text.endsWith('\n')) lines.pop();
    for (const line of lines) {
      if (line === '') continue;
      const record = JSON.parse(line) as { n?: number; m?: string; r?: unknown; ack?: number };
      if (typeof record.ack === 'number') unacked.delete(record.ack);
      else if (typeof record.n === 'number' && typeof record.m === 'string') {
        unacked.set(record.n, { n: record.n, mutation: record.m, report: record.r });
        last = Math.max(last, record.n);
      }
    }
    const pending = [...unacked.values()].sort((a, b) => a.n - b.n);
    // Rewrite the file to what is still owed, atomically (a crash now leaves the old or the new file).
    const body = pending.map((e) => line({ n: e.n, m: e.mutation, r: e.report })).join('');
    const temporary = `${file}.tmp`;
    const tfd = fs.openSync(temporary, 'w', 0o600);
    fs.writeSync(tfd, body);
    fs.fsyncSync(tfd);
    fs.closeSync(tfd);
    fs.renameSync(temporary, file);
    syncFolder(path.dirname(file));
    const fd = fs.openSync(file, 'a', 0o600);
    const journal = new AgentJournal(file, fd, last + 1, Buffer.byteLength(body), unacked, options.compactBytes ?? 1024 * 1024);
    return { journal, pending };
  }

  /** Appends a report and fsyncs it: when this returns, a crash no longer loses it. */
  append(mutation: string, report: unknown): JournalEntry {
    const entry: JournalEntry = { n: this.next++, mutation, report };
    this.write(line({ n: entry.n, m: mutation, r: report }));
    fs.fsyncSync(this.fd);
    this.unacked.set(entry.n, entry);
    return entry;
  }

  /** Records that the API accepted (or refused for good) report `n`: it is not sent again. */
  ack(n: number): void {
    if (!this.unacked.delete(n)) return;
    if (this.unacked.size === 0 && this.bytes > this.compactBytes) {
      fs.ftruncateSync(this.fd, 0);
      fs.fsyncSync(this.fd);
      this.bytes = 0;
      return;
    }
    this.write(line({ ack: n }));
  }

  /** Reports in the journal not yet acknowledged. */
  unacknowledged(): number {
    return this.unacked.size;
  }

  /** Closes the file (what is unacknowledged stays in it for the next run). */
  close(): void {
    if (this.fd < 0) return;
    fs.closeSync(this.fd);
    this.fd = -1;
  }

  private write(text: string): void {
    const buffer = Buffer.from(text);
    let offset = 0;
    while (offset < buffer.length) offset += fs.writeSync(this.fd, buffer, offset);
    this.bytes += buffer.length;
  }
}

function line(record: unknown): string {
  return `${JSON.stringify(record)}\n`;
}

/** Makes a rename durable (the folder's entry); not possible on every platform, so best effort. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open a folder for fsync; the rename is still atomic there.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
