/**
 * The condition language of exercises: a small, safe expression language over named signals,
 * parsed by a hand-written recursive-descent parser into an AST (never `eval`/`Function`).
 *
 * Grammar (EBNF; keywords are lower case, signal names are case-sensitive):
 * ```
 * condition  = or ;
 * or         = and { "or" and } ;
 * and        = not { "and" not } ;
 * not        = "not" not | timed ;
 * timed      = compare [ "within" DURATION [ "after" compare ] ] ;
 * compare    = operand [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) operand ] ;
 * operand    = NUMBER | STRING | "true" | "false" | SIGNAL | "(" condition ")"
 *            | ( "rose" | "fell" ) "(" condition ")"
 *            | "held" "(" condition "," DURATION ")"
 *            | "changed" "(" SIGNAL ")" ;
 * SIGNAL     = NAME { "." NAME } ;            e.g. START_PB, ROBOT.MOVING, FAULT.JAM
 * NAME       = letter { letter | digit | "_" } ;
 * NUMBER     = [ "-" ] digits [ "." digits ] ;
 * STRING     = '"' … '"' | "'" … "'" ;
 * DURATION   = NUMBER ( "ms" | "s" | "min" ) ;  e.g. 250ms, 2s, 1.5min
 * ```
 *
 * Meaning (evaluated by `condition.evaluator.ts` at each signal change or tick):
 * - a signal or literal used as a condition is true when it is `true`, a non-zero number or a
 *   non-empty string; an unknown signal (`null`) is false and makes every comparison false;
 * - comparisons coerce a boolean to 0/1 when the other side is a number (`FAULT.JAM == 1`);
 * - `rose(C)` is true only at the evaluation where C goes false → true; `fell(C)` true → false;
 *   `changed(S)` at the evaluation where signal S takes a different value;
 * - `held(C, 2s)` is true once C has been continuously true for at least 2 s;
 * - `C within 2s` is true while C is true and no more than 2 s have passed since the *anchor*:
 *   the activation of the step it belongs to (the run start for invariants). So a step
 *   `ROBOT.MOVING == false within 2s` is met only if the robot is seen stopped within 2 s of
 *   the step becoming active; afterwards it can no longer be met.
 * - `C within 2s after E` uses as anchor the last moment E rose (false → true) instead;
 *   e.g. the step `MOTOR_RUNNING == false within 1s after ESTOP_PRESSED` — "the motor stopped
 *   no later than 1 s after the e-stop was pressed".
 * Precedence, loosest first: or, and, not, within, comparison.
 */

import type { SignalValue } from './signal.types';

/** Comparison operators. */
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** A node of a parsed condition. `pos` is the zero-based offset in the source. */
export type ConditionNode =
  | { readonly type: 'literal'; readonly value: SignalValue; readonly pos: number }
  | { readonly type: 'signal'; readonly name: string; readonly pos: number }
  | { readonly type: 'compare'; readonly op: CompareOp; readonly left: ConditionNode; readonly right: ConditionNode; readonly pos: number }
  | { readonly type: 'and' | 'or'; readonly left: ConditionNode; readonly right: ConditionNode; readonly pos: number }
  | { readonly type: 'not'; readonly operand: ConditionNode; readonly pos: number }
  /** `slot`: index of this node's memory cell (previous truth value). */
  | { readonly type: 'edge'; readonly edge: 'rose' | 'fell'; readonly operand: ConditionNode; readonly slot: number; readonly pos: number }
  /** `slot`: memory cell holding the time the operand became true. */
  | { readonly type: 'held'; readonly operand: ConditionNode; readonly ms: number; readonly slot: number; readonly pos: number }
  /** `slot`: previous value of the signal. */
  | { readonly type: 'changed'; readonly signal: string; readonly slot: number; readonly pos: number }
  /** `slot` and `slot + 1`: previous truth of `after` and the time it last rose (when `after` is set). */
  | {
      readonly type: 'within';
      readonly operand: ConditionNode;
      readonly ms: number;
      readonly after: ConditionNode | null;
      readonly slot: number;
      readonly pos: number;
    };

/** A parsed condition ready for evaluation. */
export interface CompiledCondition {
  /** The source text, as written in the exercise. */
  readonly source: string;
  readonly ast: ConditionNode;
  /** Number of memory cells the evaluator keeps for this condition (edges, durations). */
  readonly slotCount: number;
  /** Every signal name the condition reads, sorted, without duplicates. */
  readonly signals: readonly string[];
}

/** A syntax error in a condition, with the zero-based offset where it was found. */
export class ConditionSyntaxError extends Error {
  /**
   * @param reason what is wrong, without the position
   * @param source the condition text
   * @param position zero-based character offset
   */
  constructor(
    readonly reason: string,
    readonly source: string,
    readonly position: number,
  ) {
    super(`${reason} at column ${position + 1}\n  ${source}\n  ${' '.repeat(position)}^`);
    this.name = 'ConditionSyntaxError';
  }
}

type TokenKind = 'name' | 'number' | 'duration' | 'string' | 'op' | 'punct' | 'end';
interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly pos: number;
  /** number / duration in ms / string content */
  readonly value?: number | string;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'true', 'false', 'within', 'after', 'rose', 'fell', 'held', 'changed']);
const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, min: 60_000 };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (reason: string, at: number): never => {
    throw new ConditionSyntaxError(reason, source, at);
  };
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (/[A-Za-z_]/.test(c)) {
      // A signal name may contain dots between name parts: ROBOT.JOINT_1, FAULT.JAM.
      const m = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*/.exec(source.slice(i))!;
      if (source[i + m[0].length] === '.') fail('a signal name cannot end with "."', i + m[0].length);
      tokens.push({ kind: 'name', text: m[0], pos: start });
      i += m[0].length;
      continue;
    }
    const numberMatch = /^-?\d+(?:\.\d+)?/.exec(source.slice(i));
    if (numberMatch && (c !== '-' || /\d/.test(source[i + 1] ?? ''))) {
      i += numberMatch[0].length;
      const unit = /^(ms|min|s)(?![A-Za-z0-9_])/.exec(source.slice(i));
      if (unit) {
        i += unit[1]!.length;
        tokens.push({ kind: 'duration', text: source.slice(start, i), pos: start, value: Number(numberMatch[0]) * DURATION_UNITS[unit[1]!]! });
      } else {
        if (/[A-Za-z_]/.test(source[i] ?? '')) fail('unknown duration unit (use ms, s or min)', i);
        tokens.push({ kind: 'number', text: numberMatch[0], pos: start, value: Number(numberMatch[0]) });
      }
      continue;
    }
    if (c === '"' || c === "'") {
      const end = source.indexOf(c, i + 1);
      if (end < 0) fail('unterminated string', start);
      tokens.push({ kind: 'string', text: source.slice(start, end + 1), pos: start, value: source.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (two === '==' || two === '!=' || two === '<=' || two === '>=') {
      tokens.push({ kind: 'op', text: two, pos: start });
      i += 2;
      continue;
    }
    if (c === '<' || c === '>') {
      tokens.push({ kind: 'op', text: c, pos: start });
      i++;
      continue;
    }
    if (c === '=') fail('"=" is not an operator; compare with "=="', start);
    if (c === '&' || c === '|' || c === '!') fail(`"${c}" is not an operator; use "and", "or", "not"`, start);
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c, pos: start });
      i++;
      continue;
    }
    fail(`unexpected character "${c}"`, start);
  }
  tokens.push({ kind: 'end', text: '', pos: source.length });
  return tokens;
}

class Parser {
  private index = 0;
  private slots = 0;
  readonly signals = new Set<string>();

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  get slotCount(): number {
    return this.slots;
  }

  parseAll(): ConditionNode {
    if (this.peek().kind === 'end') this.fail('empty condition', this.peek());
    const node = this.parseOr();
    const rest = this.peek();
    if (rest.kind !== 'end') this.fail(`unexpected "${rest.text}"`, rest);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    return this.tokens[this.index++]!;
  }

  private isWord(word: string): boolean {
    const t = this.peek();
    return t.kind === 'name' && t.text === word;
  }

  private fail(reason: string, token: Token): never {
    throw new ConditionSyntaxError(reason, this.source, token.pos);
  }

  private expectPunct(text: string): Token {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== text)
      this.fail(t.kind === 'end' ? `expected "${text}" but the condition ended` : `expected "${text}" but found "${t.text}"`, t);
    return t;
  }

  private expectDuration(): number {
    const t = this.next();
    if (t.kind !== 'duration')
      this.fail(
        t.kind === 'number' ? 'a duration needs a unit (ms, s or min), e.g. 2s' : `expected a duration such as 2s but found "${t.text || 'the end'}"`,
        t,
      );
    return t.value as number;
  }

  private parseOr(): ConditionNode {
    let left = this.parseAnd();
    while (this.isWord('or')) {
      const op = this.next();
      left = { type: 'or', left, right: this.parseAnd(), pos: op.pos };
    }
    return left;
  }

  private parseAnd(): ConditionNode {
    let left = this.parseNot();
    while (this.isWord('and')) {
      const op = this.next();
      left = { type: 'and', left, right: this.parseNot(), pos: op.pos };
    }
    return left;
  }

  private parseNot(): ConditionNode {
    if (this.isWord('not')) {
      const op = this.next();
      return { type: 'not', operand: this.parseNot(), pos: op.pos };
    }
    return this.parseTimed();
  }

  private parseTimed(): ConditionNode {
    const operand = this.parseCompare();
    if (!this.isWord('within')) return operand;
    const kw = this.next();
    const ms = this.expectDuration();
    let after: ConditionNode | null = null;
    if (this.isWord('after')) {
      this.next();
      after = this.parseCompare();
    }
    const slot = this.slots;
    this.slots += 2;
    return { type: 'within', operand, ms, after, slot, pos: kw.pos };
  }

  private parseCompare(): ConditionNode {
    const left = this.parseOperand();
    const t = this.peek();
    if (t.kind !== 'op') return left;
    this.next();
    const right = this.parseOperand();
    if (this.peek().kind === 'op') this.fail('comparisons cannot be chained; use "and"', this.peek());
    return { type: 'compare', op: t.text as CompareOp, left, right, pos: t.pos };
  }

  private parseOperand(): ConditionNode {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { type: 'literal', value: t.value as number, pos: t.pos };
      case 'string':
        return { type: 'literal', value: t.value as string, pos: t.pos };
      case 'duration':
        return this.fail('a duration is only allowed in held(…, d) and "within d"', t);
      case 'punct':
        if (t.text === '(') {
          const inner = this.parseOr();
          this.expectPunct(')');
          return inner;
        }
        return this.fail(`unexpected "${t.text}"`, t);
      case 'op':
        return this.fail(`expected a signal or a value before "${t.text}"`, t);
      case 'end':
        return this.fail('the condition ended too early', t);
      case 'name':
        return this.parseNamed(t);
    }
  }

  private parseNamed(t: Token): ConditionNode {
    switch (t.text) {
      case 'true':
      case 'false':
        return { type: 'literal', value: t.text === 'true', pos: t.pos };
      case 'rose':
      case 'fell': {
        this.expectPunct('(');
        const operand = this.parseOr();
        this.expectPunct(')');
        return { type: 'edge', edge: t.text, operand, slot: this.slots++, pos: t.pos };
      }
      case 'held': {
        this.expectPunct('(');
        const operand = this.parseOr();
        this.expectPunct(',');
        const ms = this.expectDuration();
        this.expectPunct(')');
        return { type: 'held', operand, ms, slot: this.slots++, pos: t.pos };
      }
      case 'changed': {
        this.expectPunct('(');
        const s = this.next();
        if (s.kind !== 'name' || KEYWORDS.has(s.text)) this.fail('changed(…) takes a signal name', s);
        this.signals.add(s.text);
        this.expectPunct(')');
        return { type: 'changed', signal: s.text, slot: this.slots++, pos: t.pos };
      }
      default:
        if (KEYWORDS.has(t.text)) this.fail(`"${t.text}" cannot start an operand`, t);
        this.signals.add(t.text);
        return { type: 'signal', name: t.text, pos: t.pos };
    }
  }
}

/**
 * Parses a condition into an AST. Throws {@link ConditionSyntaxError} with the position of the
 * first problem.
 */
export function parseCondition(source: string): CompiledCondition {
  const parser = new Parser(source, tokenize(source));
  const ast = parser.parseAll();
  return { source, ast, slotCount: parser.slotCount, signals: [...parser.signals].sort() };
}

/** Parses a duration such as `250ms`, `2s`, `1.5min` into ms; throws for anything else. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|min)$/.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a duration (e.g. 500ms, 2s, 1.5min)`);
  return Number(m[1]) * DURATION_UNITS[m[2]!]!;
}
