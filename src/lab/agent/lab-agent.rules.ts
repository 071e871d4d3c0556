/**
 * Shapes of what a lab agent reports (the runtime's port calls, sent as JSON), checked before
 * anything is stored: a malformed report is a BAD_USER_INPUT error naming the field.
 */
import { z } from 'zod';
import { BadUserInputError } from '../../shared/errors';
import type { SessionEnded, LabEvent, StationHealthReport } from '../runtime';

const ms = z.number().finite().nonnegative();
const event = z.looseObject({ seq: z.number().int().positive(), at: ms, type: z.enum(['snapshot', 'signal', 'finding', 'action', 'link', 'start-state']) });
const reason = z.looseObject({ code: z.string().min(1).max(60), at: ms, message: z.string().max(2000) });

const shapes = {
  runtimeStarted: z.object({ runtimeId: z.string().min(1).max(200), at: ms }),
  opened: z.looseObject({ sessionId: z.uuid(), runtimeId: z.string().min(1).max(200), at: ms }),
  events: z.object({ sessionId: z.uuid(), events: z.array(event).max(20_000) }),
  ended: z.looseObject({
    sessionId: z.uuid(),
    verdict: z.enum(['PASSED', 'FAILED', 'INTERRUPTED', 'ABORTED']),
    score: z.number().int().nonnegative(),
    maxScore: z.number().int().nonnegative(),
    passMark: z.number().int().nonnegative(),
    reasons: z.array(reason).max(100),
    at: ms,
    lastSeq: z.number().int().nonnegative(),
    runStartedAt: ms.nullable(),
  }),
  health: z.looseObject({
    stationId: z.uuid(),
    at: ms,
    connected: z.boolean(),
    lastSeen: ms.nullable(),
    roundTripMs: z.number().nonnegative().nullable(),
    errorCount: z.number().int().nonnegative(),
    samples: z.number().int().nonnegative(),
  }),
};

/** A checked agent report, ready for the service. */
export type AgentReport =
  | { kind: 'runtimeStarted'; runtimeId: string; at: number }
  | { kind: 'opened'; sessionId: string; runtimeId: string; at: number }
  | { kind: 'events'; sessionId: string; events: LabEvent[] }
  | { kind: 'ended'; verdict: SessionEnded }
  | { kind: 'health'; report: StationHealthReport };

/** Checks a report of the given kind; throws BAD_USER_INPUT naming the first bad field. */
export function parseAgentReport(kind: keyof typeof shapes, report: unknown): AgentReport {
  const parsed = shapes[kind].safeParse(report);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BadUserInputError(issue.message, ['input', 'report', ...issue.path.map(String)].join('.'));
  }
  const value = parsed.data as Record<string, unknown>;
  switch (kind) {
    case 'runtimeStarted':
      return { kind, runtimeId: value.runtimeId as string, at: value.at as number };
    case 'opened':
      return { kind, sessionId: value.sessionId as string, runtimeId: value.runtimeId as string, at: value.at as number };
    case 'events':
      return { kind, sessionId: value.sessionId as string, events: value.events as LabEvent[] };
    case 'ended':
      return { kind, verdict: value as unknown as SessionEnded };
    case 'health':
      return { kind, report: value as unknown as StationHealthReport };
  }
}
