/**
 * An exercise as loaded from its file (fixtures/exercises/<name>.yaml) and validated against
 * `fixtures/schemas/exercise.schema.json`. Durations are already converted to ms.
 */

import type { LocalizedText } from '../../shared/localized';
import type { SignalValue, StationKind } from '../runtime/signal.types';

/** Something the engine does to the station: write a tag or call a method. */
export type StationAction =
  | { readonly kind: 'write'; readonly tag: string; readonly value: Exclude<SignalValue, null> }
  | { readonly kind: 'call'; readonly method: string; readonly args: ReadonlyArray<Exclude<SignalValue, null>> };

/** A condition that must become true while the step is active. */
export interface ExerciseStep {
  readonly id: string;
  readonly title: LocalizedText;
  /** Condition-language source. */
  readonly condition: string;
  /** From the step's activation (its block's activation for an any-order block), in ms. */
  readonly timeLimitMs: number;
  readonly points: number;
  /** `fail` (default): a missed limit fails the run; `skip`: the points are lost, the run goes on. */
  readonly onTimeout: 'fail' | 'skip';
}

/** Steps entered together; a single step is a block of one. */
export interface StepBlock {
  readonly order: 'sequence' | 'any';
  readonly steps: readonly ExerciseStep[];
}

/** A condition that must never hold. */
export interface SafetyInvariant {
  readonly id: string;
  readonly title: LocalizedText;
  readonly condition: string;
  /** `fail`: the run fails at once; `penalty`: each occurrence (each rise) costs `penalty` points. */
  readonly severity: 'fail' | 'penalty';
  readonly penalty: number;
}

/** An action the engine applies at a time or when a step becomes active. */
export interface Stimulus {
  readonly id: string;
  readonly trigger: { readonly atMs: number } | { readonly onStep: string; readonly delayMs: number };
  readonly action: StationAction;
}

/** A validated exercise. */
export interface ExerciseDefinition {
  readonly id: string;
  readonly version: number;
  readonly stationKind: StationKind;
  readonly hazardCategories: readonly string[];
  readonly title: LocalizedText;
  readonly instructions: LocalizedText;
  /** Overall limit from the start of the run, ms. */
  readonly timeLimitMs: number;
  readonly passMark: number;
  /** Applied before the start state is checked. */
  readonly setup: readonly StationAction[];
  readonly startState: ReadonlyArray<{ readonly condition: string; readonly description?: LocalizedText }>;
  readonly blocks: readonly StepBlock[];
  readonly invariants: readonly SafetyInvariant[];
  readonly stimuli: readonly Stimulus[];
  /** Sum of all steps' points. */
  readonly maxScore: number;
}
