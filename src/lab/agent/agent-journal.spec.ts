import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AgentJournal } from './agent-journal';

let folder: string;
beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-journal-'));
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('AgentJournal: the lab agent outbox on disk', () => {
  test('reports not acknowledged are found again, in the order they were made, by the next open', () => {
    const file = path.join(folder, 'nested', 'agent.journal');
    const { journal, pending } = AgentJournal.open(file);
    expect(pending).toEqual([]);
    const a = journal.append('reportSessionOpened', { sessionId: 's' });
    const b = journal.append('reportSessionEvents', { sessionId: 's', events: [{ seq: 1 }] });
    journal.append('reportSessionEvents', { sessionId: 's', events: [{ seq: 2 }] });
    journal.ack(a.n);
    // No close: the process dies here.
    const again = AgentJournal.open(file);
    expect(again.pending.map((e) => [e.n, e.mutation, e.report])).toEqual([
      [b.n, 'reportSessionEvents', { sessionId: 's', events: [{ seq: 1 }] }],
      [b.n + 1, 'reportSessionEvents', { sessionId: 's', events: [{ seq: 2 }] }],
    ]);
    // New reports continue the numbering, so an old ack never matches a new report.
    expect(again.journal.append('reportSessionEnded', {}).n).toBe(b.n + 2);
    again.journal.close();
  });

  test('a torn last line (the process died while writing it) is skipped, and everything before it kept', () => {
    const file = path.join(folder, 'agent.journal');
    const { journal } = AgentJournal.open(file);
    journal.append('reportSessionEvents', { events: [1] });
    journal.close();
    fs.appendFileSync(file, '{"n":2,"m":"reportSessionEv');
    const { journal: reopened, pending } = AgentJournal.open(file);
    expect(pending.map((e) => e.report)).toEqual([{ events: [1] }]);
    reopened.close();
    // The file was rewritten to what is owed: no torn line left behind.
    expect(fs.readFileSync(file, 'utf8')).toBe('{"n":1,"m":"reportSessionEvents","r":{"events":[1]}}\n');
  });

  test('once everything is acknowledged the file is emptied past its size limit, and stays owed-only after a reopen', () => {
    const file = path.join(folder, 'agent.journal');
    const { journal } = AgentJournal.open(file, { compactBytes: 100 });
    const entries = Array.from({ length: 5 }, (_, i) => journal.append('reportSessionEvents', { events: [i] }));
    for (const e of entries) journal.ack(e.n);
    expect(journal.unacknowledged()).toBe(0);
    expect(fs.statSync(file).size).toBe(0);
    journal.append('reportSessionEnded', { verdict: 'PASSED' });
    journal.close();
    const reopened = AgentJournal.open(file);
    expect(reopened.pending.map((e) => e.report)).toEqual([{ verdict: 'PASSED' }]);
    reopened.journal.close();
  });
});
