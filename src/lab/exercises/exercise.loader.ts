/**
 * Loads exercise files (YAML or JSON), validates them against
 * `fixtures/schemas/exercise.schema.json` with ajv, then checks what a schema cannot: conditions
 * parse, ids are unique, stimuli refer to real steps, and (given the station's tag map) every
 * signal exists and every written tag is writable. Every problem names the file, the JSON path
 * and the reason.
 */

import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { parseDocument } from 'yaml';
import { PROJECT_ROOT } from '../../shared/project-root';
import { ConditionSyntaxError, parseCondition, parseDuration } from '../runtime/condition.parser';
import type { LocalizedText } from '../../shared/localized';
import type { SignalValue, StationKind } from '../runtime/signal.types';
import type { TagMap } from '../runtime/station.types';
import type { ExerciseDefinition, ExerciseStep, SafetyInvariant, StationAction, StepBlock, Stimulus } from './exercise.types';

/** One thing wrong with an exercise file. */
export interface ExerciseProblem {
  readonly file: string;
  /** JSON pointer into the document, e.g. `/steps/2/condition`; `` for the whole file. */
  readonly path: string;
  readonly reason: string;
}

/** Thrown when an exercise file is refused; `problems` lists every reason found. */
export class ExerciseValidationError extends Error {
  constructor(readonly problems: readonly ExerciseProblem[]) {
    super(`exercise refused:\n${problems.map((p) => `  ${p.file}: ${p.path || '/'}: ${p.reason}`).join('\n')}`);
    this.name = 'ExerciseValidationError';
  }
}

/** Options for loading. */
export interface ExerciseLoadOptions {
  /** Tag maps by station kind; when given, signals, writes and calls are checked against them. */
  readonly tagMaps?: Partial<Record<StationKind, TagMap>>;
}

const ajv = new Ajv({ allErrors: true, strict: false });
// Read from the project root, not imported, so the compiled build (dist/) finds the same file.
const exerciseSchema = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'fixtures', 'schemas', 'exercise.schema.json'), 'utf8')) as object;
const validateSchema = ajv.compile(exerciseSchema);

function describeAjvError(e: ErrorObject): string {
  switch (e.keyword) {
    case 'required':
      return `missing required property "${(e.params as { missingProperty: string }).missingProperty}"`;
    case 'additionalProperties':
      return `unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    case 'enum':
      return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern':
      if (e.schemaPath.includes('duration')) return 'must be a duration such as 500ms, 2s or 1.5min';
      if (e.schemaPath.includes('localId')) return 'must be a lower-case id such as "press-start"';
      return `must match ${(e.params as { pattern: string }).pattern}`;
    case 'oneOf':
      if (e.schemaPath.includes('stimuli')) return 'a stimulus needs exactly one of "at" or "onStep"';
      return 'must match exactly one allowed form';
    case 'anyOf':
    case 'not':
      if (e.schemaPath.includes('stimuli')) return 'a stimulus needs exactly one of "write" or "call"';
      return e.message ?? 'invalid';
    case 'maxProperties':
    case 'minProperties':
      return 'an action needs exactly one of "write" or "call"';
    default:
      return e.message ?? 'invalid';
  }
}

function schemaProblems(file: string, errors: readonly ErrorObject[]): ExerciseProblem[] {
  const out: ExerciseProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // "if" restates the then/else failure; branch errors inside a stimulus's oneOf/anyOf/not
    // only repeat the one-line reason its parent gives.
    if (e.keyword === 'if') continue;
    if (e.keyword === 'required' && /\/(oneOf|anyOf|not)\/\d*\/?required$|\/not\/required$/.test(e.schemaPath)) continue;
    const problem = { file, path: e.instancePath, reason: describeAjvError(e) };
    const key = `${problem.path}|${problem.reason}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(problem);
    }
  }
  return out;
}

type Raw = Record<string, unknown>;

function toAction(raw: Raw): StationAction {
  if (raw.write) {
    const w = raw.write as { tag: string; value: Exclude<SignalValue, null> };
    return { kind: 'write', tag: w.tag, value: w.value };
  }
  const c = raw.call as { method: string; args?: Array<Exclude<SignalValue, null>> };
  return { kind: 'call', method: c.method, args: c.args ?? [] };
}

function toStep(raw: Raw): ExerciseStep {
  return {
    id: raw.id as string,
    title: raw.title as LocalizedText,
    condition: raw.condition as string,
    timeLimitMs: parseDuration(raw.timeLimit as string),
    points: raw.points as number,
    onTimeout: (raw.onTimeout as 'fail' | 'skip' | undefined) ?? 'fail',
  };
}

/** Turns a schema-valid document into the definition (durations in ms, defaults filled). */
function toDefinition(doc: Raw): ExerciseDefinition {
  const blocks: StepBlock[] = (doc.steps as Raw[]).map((s) =>
    s.anyOrder ? { order: 'any', steps: (s.anyOrder as Raw[]).map(toStep) } : { order: 'sequence', steps: [toStep(s)] },
  );
  const invariants: SafetyInvariant[] = ((doc.invariants as Raw[] | undefined) ?? []).map((i) => ({
    id: i.id as string,
    title: i.title as LocalizedText,
    condition: i.condition as string,
    severity: i.severity as 'fail' | 'penalty',
    penalty: (i.penalty as number | undefined) ?? 0,
  }));
  const stimuli: Stimulus[] = ((doc.stimuli as Raw[] | undefined) ?? []).map((s) => ({
    id: s.id as string,
    trigger:
      s.at !== undefined ? { atMs: parseDuration(s.at as string) } : { onStep: s.onStep as string, delayMs: s.delay ? parseDuration(s.delay as string) : 0 },
    action: toAction(s),
  }));
  return {
    id: doc.id as string,
    version: doc.version as number,
    stationKind: doc.stationKind as StationKind,
    hazardCategories: doc.hazardCategories as string[],
    title: doc.title as LocalizedText,
    instructions: doc.instructions as LocalizedText,
    timeLimitMs: parseDuration(doc.timeLimit as string),
    passMark: doc.passMark as number,
    setup: ((doc.setup as Raw[] | undefined) ?? []).map(toAction),
    startState: ((doc.startState as Raw[] | undefined) ?? []).map((s) => ({
      condition: s.condition as string,
      ...(s.description ? { description: s.description as LocalizedText } : {}),
    })),
    blocks,
    invariants,
    stimuli,
    maxScore: blocks.flatMap((b) => b.steps).reduce((sum, s) => sum + s.points, 0),
  };
}

/** The checks a JSON Schema cannot express. */
function semanticProblems(file: string, doc: Raw, def: ExerciseDefinition, options: ExerciseLoadOptions): ExerciseProblem[] {
  const problems: ExerciseProblem[] = [];
  const add = (p: string, reason: string) => problems.push({ file, path: p, reason });
  const tagMap = options.tagMaps?.[def.stationKind];
  if (tagMap && tagMap.stationKind !== def.stationKind) add('/stationKind', `tag map is for ${tagMap.stationKind}`);
  const tags = new Map(tagMap?.tags.map((t) => [t.name, t] as const) ?? []);
  const methods = new Set(tagMap && tagMap.protocol === 'OPC_UA' ? tagMap.methods.map((m) => m.name) : []);

  const checkCondition = (p: string, source: string) => {
    try {
      const c = parseCondition(source);
      if (tagMap) for (const s of c.signals) if (!tags.has(s)) add(p, `unknown signal "${s}" (not in the ${def.stationKind} tag map)`);
    } catch (e) {
      if (e instanceof ConditionSyntaxError) add(p, `${e.reason} at column ${e.position + 1} in "${source}"`);
      else throw e;
    }
  };
  const checkAction = (p: string, a: StationAction) => {
    if (!tagMap) return;
    if (a.kind === 'write') {
      const t = tags.get(a.tag);
      if (!t) add(`${p}/write/tag`, `unknown tag "${a.tag}"`);
      else if (t.access !== 'readwrite') add(`${p}/write/tag`, `tag "${a.tag}" is read-only`);
    } else if (tagMap.protocol !== 'OPC_UA') add(`${p}/call`, 'method calls need an OPC UA station');
    else if (!methods.has(a.method)) add(`${p}/call/method`, `unknown method "${a.method}"`);
  };

  def.setup.forEach((a, i) => checkAction(`/setup/${i}`, a));
  def.startState.forEach((s, i) => checkCondition(`/startState/${i}/condition`, s.condition));
  const stepIds = new Map<string, string>();
  (doc.steps as Raw[]).forEach((raw, i) => {
    const list = raw.anyOrder ? (raw.anyOrder as Raw[]).map((s, j) => [s, `/steps/${i}/anyOrder/${j}`] as const) : [[raw, `/steps/${i}`] as const];
    for (const [s, p] of list) {
      if (stepIds.has(s.id as string)) add(`${p}/id`, `duplicate step id "${String(s.id)}" (also at ${stepIds.get(s.id as string)})`);
      stepIds.set(s.id as string, p);
      checkCondition(`${p}/condition`, s.condition as string);
    }
  });
  const invariantIds = new Set<string>();
  def.invariants.forEach((inv, i) => {
    if (invariantIds.has(inv.id)) add(`/invariants/${i}/id`, `duplicate invariant id "${inv.id}"`);
    invariantIds.add(inv.id);
    checkCondition(`/invariants/${i}/condition`, inv.condition);
  });
  def.stimuli.forEach((s, i) => {
    if ('onStep' in s.trigger && !stepIds.has(s.trigger.onStep)) add(`/stimuli/${i}/onStep`, `no step with id "${s.trigger.onStep}"`);
    if ('atMs' in s.trigger && s.trigger.atMs > def.timeLimitMs) add(`/stimuli/${i}/at`, 'is after the overall time limit');
    checkAction(`/stimuli/${i}`, s.action);
  });
  if (def.passMark > def.maxScore) add('/passMark', `is more than the ${def.maxScore} points the steps give`);
  return problems;
}

/**
 * Parses and validates the text of an exercise file. `file` is only used in messages.
 * Throws {@link ExerciseValidationError} listing every problem found.
 */
export function parseExercise(text: string, file: string, options: ExerciseLoadOptions = {}): ExerciseDefinition {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ExerciseValidationError(
      document.errors.map((e) => ({
        file,
        path: '',
        reason: `not valid YAML at line ${e.linePos?.[0]?.line ?? '?'}, column ${e.linePos?.[0]?.col ?? '?'}: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
    );
  }
  const doc: unknown = document.toJS();
  if (!validateSchema(doc)) throw new ExerciseValidationError(schemaProblems(file, validateSchema.errors ?? []));
  const def = toDefinition(doc as Raw);
  const problems = semanticProblems(file, doc as Raw, def, options);
  if (problems.length > 0) throw new ExerciseValidationError(problems);
  return def;
}

/** Reads and validates one exercise file (`.yaml`, `.yml` or `.json`). */
export function loadExerciseFile(file: string, options: ExerciseLoadOptions = {}): ExerciseDefinition {
  return parseExercise(fs.readFileSync(file, 'utf8'), file, options);
}

/**
 * Loads every exercise file in a directory (sorted by name). Problems of all files are reported
 * together; ids must be unique across the directory.
 */
export function loadExerciseDirectory(dir: string, options: ExerciseLoadOptions = {}): ExerciseDefinition[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort();
  const out: ExerciseDefinition[] = [];
  const problems: ExerciseProblem[] = [];
  const ids = new Map<string, string>();
  for (const f of files) {
    const file = path.join(dir, f);
    try {
      const def = loadExerciseFile(file, options);
      if (ids.has(def.id)) problems.push({ file, path: '/id', reason: `id "${def.id}" is also used by ${ids.get(def.id)}` });
      ids.set(def.id, file);
      out.push(def);
    } catch (e) {
      if (e instanceof ExerciseValidationError) problems.push(...e.problems);
      else throw e;
    }
  }
  if (problems.length > 0) throw new ExerciseValidationError(problems);
  return out;
}
