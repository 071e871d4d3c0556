import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';

/** Limits {@link checkOperationInputs} enforces. */
export interface InputLimits {
  /** Most items in any one list argument (e.g. `nodes(ids:)`); default 100. */
  maxListItems: number;
  /** Highest cost of list arguments: each list's length × the fields selected under it, summed over the operation. */
  maxListCost: number;
}

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a `YYYY-MM-DD` text names a day that exists (`2026-02-30` does not). */
export function isCalendarDate(text: string): boolean {
  const match = DATE_SHAPE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function badInput(field: string, message: string): GraphQLError {
  return new GraphQLError(`${field}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', field, http: { status: 400 } } });
}

/**
 * The one input layer every transport runs after parsing and validation, before execution, on
 * the argument values as the resolvers will get them (literals and variables alike):
 *
 * - no text contains a NUL character (PostgreSQL cannot store it);
 * - a text shaped like a date (`YYYY-MM-DD`) names a day that exists;
 * - no list argument holds more than `maxListItems` items, and the lists' sizes count in the
 *   cost (a list of n ids under 30 aliases is 30·n look-ups).
 *
 * Returns one BAD_USER_INPUT error naming the argument path (e.g. `input.validFrom`) per
 * problem found; an empty array when the operation may run.
 */
export function checkOperationInputs(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limits: InputLimits,
): GraphQLError[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation) return [];
  const errors: GraphQLError[] = [];
  const seen = new Set<string>();
  const report = (field: string, message: string) => {
    const key = `${field}\u0001${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    errors.push(badInput(field, message));
  };
  let listCost = 0;
  let visits = 0;
  const VISIT_BUDGET = 100_000;

  /** Checks one argument value; returns its largest list length (0 when it holds no list). */
  const checkValue = (value: unknown, path: string): number => {
    if (typeof value === 'string') {
      if (value.includes('\u0000')) report(path, 'must not contain NUL characters');
      else if (DATE_SHAPE.test(value) && !isCalendarDate(value)) report(path, `"${value}" is not a calendar date`);
      return 0;
    }
    if (Array.isArray(value)) {
      if (value.length > limits.maxListItems) {
        report(path, `at most ${limits.maxListItems} items are accepted (got ${value.length})`);
        return value.length;
      }
      let largest = value.length;
      value.forEach((item, index) => {
        largest = Math.max(largest, checkValue(item, `${path}.${index}`));
      });
      return largest;
    }
    if (value && typeof value === 'object') {
      let largest = 0;
      for (const [key, item] of Object.entries(value)) largest = Math.max(largest, checkValue(item, `${path}.${key}`));
      return largest;
    }
    return 0;
  };

  /** Fields selected under a selection set, fragments expanded, within the visit budget. */
  const countFields = (set: SelectionSetNode | undefined, stack: Set<string>): number => {
    if (!set) return 0;
    let count = 0;
    for (const selection of set.selections) {
      if (++visits > VISIT_BUDGET) return count;
      if (selection.kind === Kind.FIELD) count += 1 + countFields(selection.selectionSet, stack);
      else if (selection.kind === Kind.INLINE_FRAGMENT) count += countFields(selection.selectionSet, stack);
      else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragment && !stack.has(name)) count += countFields(fragment.selectionSet, new Set(stack).add(name));
      }
    }
    return count;
  };

  const walk = (set: SelectionSetNode | undefined, multiplier: number, stack: Set<string>) => {
    if (!set) return;
    for (const selection of set.selections) {
      if (++visits > VISIT_BUDGET || listCost > limits.maxListCost) return;
      if (selection.kind === Kind.FIELD) walkField(selection, multiplier, stack);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet, multiplier, stack);
      else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragment && !stack.has(name)) walk(fragment.selectionSet, multiplier, new Set(stack).add(name));
      }
    }
  };

  const walkField = (field: FieldNode, multiplier: number, stack: Set<string>) => {
    let largestList = 0;
    for (const argument of field.arguments ?? []) {
      const value = valueFromASTUntyped(argument.value, variables ?? undefined);
      largestList = Math.max(largestList, checkValue(value, argument.name.value));
    }
    const inner = largestList > 0 ? multiplier * largestList : multiplier;
    if (largestList > 0) listCost += inner * Math.max(1, countFields(field.selectionSet, stack));
    walk(field.selectionSet, inner, stack);
  };

  walk(operation.selectionSet, 1, new Set());
  if (errors.length === 0 && (listCost > limits.maxListCost || visits > VISIT_BUDGET)) {
    errors.push(
      new GraphQLError(`Query cost limit of ${limits.maxListCost} exceeded by list arguments (their sizes count in the cost)`, {
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
      }),
    );
  }
  return errors;
}
