/**
 * A small interpreter for parsed conditions (see `condition.parser.ts` for the grammar and
 * meaning). Pure: the caller passes the signal values, the time and the memory cells; the only
 * thing written is the memory array the caller owns.
 */

import type { CompiledCondition, ConditionNode } from './condition.parser';
import type { SignalValue } from './signal.types';

/** Memory cells of one condition instance (edge history, duration start times). */
export type ConditionMemory = unknown[];

/** What a condition is evaluated against. */
export interface EvaluationContext {
  /** Current signal values by tag name; a missing tag reads as `null` (unknown). */
  readonly signals: Readonly<Record<string, SignalValue>>;
  /** Current time, ms since the epoch. */
  readonly now: number;
  /** Anchor for `within` without `after` (step activation time); undefined = not anchored. */
  readonly anchor: number | undefined;
}

const UNSET = undefined;

/** Fresh memory for a compiled condition. */
export function newConditionMemory(condition: CompiledCondition): ConditionMemory {
  return new Array<unknown>(condition.slotCount).fill(UNSET);
}

/** True for `true`, non-zero numbers and non-empty strings; false for unknown (`null`). */
export function truthy(value: SignalValue): boolean {
  if (value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  return value.length > 0;
}

function compare(op: string, a: SignalValue, b: SignalValue): boolean {
  if (a === null || b === null) return false;
  // Modbus bits and OPC UA booleans meet integers in exercises (FAULT.JAM == 1).
  if (typeof a === 'boolean' && typeof b === 'number') a = a ? 1 : 0;
  if (typeof b === 'boolean' && typeof a === 'number') b = b ? 1 : 0;
  if (typeof a !== typeof b) return op === '!=';
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

/**
 * Evaluates a condition now, updating its memory (every stateful sub-node is evaluated on every
 * call, without short-circuit, so edges and durations never miss an update).
 */
export function evaluateCondition(condition: CompiledCondition, memory: ConditionMemory, ctx: EvaluationContext): boolean {
  return truthy(valueOf(condition.ast, memory, ctx));
}

function valueOf(node: ConditionNode, memory: ConditionMemory, ctx: EvaluationContext): SignalValue {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'signal':
      return ctx.signals[node.name] ?? null;
    case 'compare':
      return compare(node.op, valueOf(node.left, memory, ctx), valueOf(node.right, memory, ctx));
    case 'and': {
      const l = truthy(valueOf(node.left, memory, ctx));
      const r = truthy(valueOf(node.right, memory, ctx));
      return l && r;
    }
    case 'or': {
      const l = truthy(valueOf(node.left, memory, ctx));
      const r = truthy(valueOf(node.right, memory, ctx));
      return l || r;
    }
    case 'not':
      return !truthy(valueOf(node.operand, memory, ctx));
    case 'edge': {
      const now = truthy(valueOf(node.operand, memory, ctx));
      const before = memory[node.slot];
      memory[node.slot] = now;
      // No edge on the first evaluation: a signal already true at the start did not "rise".
      if (before === UNSET) return false;
      return node.edge === 'rose' ? before === false && now : before === true && !now;
    }
    case 'held': {
      const now = truthy(valueOf(node.operand, memory, ctx));
      if (!now) {
        memory[node.slot] = null;
        return false;
      }
      if (typeof memory[node.slot] !== 'number') memory[node.slot] = ctx.now;
      return ctx.now - (memory[node.slot] as number) >= node.ms;
    }
    case 'changed': {
      const now = ctx.signals[node.signal] ?? null;
      const before = memory[node.slot];
      memory[node.slot] = now;
      return before !== UNSET && before !== now;
    }
    case 'within': {
      let anchor = ctx.anchor;
      if (node.after) {
        const afterNow = truthy(valueOf(node.after, memory, ctx));
        const before = memory[node.slot];
        memory[node.slot] = afterNow;
        if (before === false && afterNow) memory[node.slot + 1] = ctx.now;
        anchor = typeof memory[node.slot + 1] === 'number' ? (memory[node.slot + 1] as number) : undefined;
      }
      const inner = truthy(valueOf(node.operand, memory, ctx));
      return inner && anchor !== undefined && ctx.now >= anchor && ctx.now - anchor <= node.ms;
    }
  }
}

/**
 * The earliest time after `now` at which this condition could change its value with no signal
 * change (a `held` maturing, a `within` window closing); `undefined` if none. The session runner
 * schedules a tick there, so durations are judged on time, not on the next poll.
 */
export function nextConditionDeadline(condition: CompiledCondition, memory: ConditionMemory, now: number, anchor: number | undefined): number | undefined {
  let best: number | undefined;
  const consider = (t: number) => {
    if (t > now && (best === undefined || t < best)) best = t;
  };
  const walk = (node: ConditionNode): void => {
    switch (node.type) {
      case 'compare':
      case 'and':
      case 'or':
        walk(node.left);
        walk(node.right);
        return;
      case 'not':
      case 'edge':
        walk(node.operand);
        return;
      case 'held':
        if (typeof memory[node.slot] === 'number') consider((memory[node.slot] as number) + node.ms);
        walk(node.operand);
        return;
      case 'within': {
        const a = node.after ? memory[node.slot + 1] : anchor;
        // The window closes just after anchor + ms.
        if (typeof a === 'number') consider(a + node.ms + 1);
        walk(node.operand);
        if (node.after) walk(node.after);
        return;
      }
      default:
        return;
    }
  };
  walk(condition.ast);
  return best;
}
