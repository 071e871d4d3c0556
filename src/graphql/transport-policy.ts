import { unwrapResolverError } from '@apollo/server/errors';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLFormattedError,
  NoSchemaIntrospectionCustomRule,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Config } from '../config';
import { isDatabaseUnavailable } from '../db/health';
import type { Logger } from '../logger';
import { ServiceUnavailableError } from '../shared/errors';
import type { Caller } from '../shared/request-context';
import { checkOperationInputs } from './input-guard';

/** The settings the policy is built from. */
export type PolicyConfig = Pick<Config, 'NODE_ENV' | 'MAX_QUERY_DEPTH' | 'MAX_QUERY_COST' | 'MAX_QUERY_TOKENS' | 'MAX_LIST_ITEMS'>;

/**
 * One validation, masking and logging policy for every transport: Apollo over HTTP and
 * graphql-ws over the socket build their pipelines from the same object, so a limit or a mask
 * cannot exist on one road and be missing on the other.
 */
export interface OperationPolicy {
  /** Most lexical tokens in a document (graphql-js `parse({ maxTokens })`). */
  maxTokens: number;
  /** Whether introspection is answered (off in production). */
  introspection: boolean;
  /** Rules run after graphql-js's own: depth, aliases, directives, cost, and no introspection in production. */
  validationRules: ValidationRule[];
  /** The input layer (NUL, calendar dates, list caps and their cost); see {@link checkOperationInputs}. */
  checkInputs(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): GraphQLError[];
  /** What the client may see of an error; see {@link maskError}. */
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  /** Logs the unexpected ones among an operation's errors at error level, with their stack. */
  logErrors(log: Logger, errors: readonly GraphQLError[]): void;
  /** One debug line per operation: name, duration, error codes, caller's organisation; never the text or variables. */
  logOperation(log: Logger, entry: OperationLogEntry): void;
}

/** What {@link OperationPolicy.logOperation} writes. */
export interface OperationLogEntry {
  operation?: string | null;
  transport: 'http' | 'ws';
  startedAt: bigint;
  caller?: Caller | 'system';
  errors?: readonly (GraphQLError | GraphQLFormattedError)[];
}

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** Whether an error is one we raised on purpose (coded), rather than a fault to hide. */
function isExpected(error: GraphQLError): boolean {
  const original = unwrapResolverError(error);
  const code = (original instanceof GraphQLError ? original : error).extensions?.code;
  return typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR';
}

/**
 * Masks what the client must not see. Coded errors (NOT_FOUND, FORBIDDEN, validation) pass; a
 * database outage becomes SERVICE_UNAVAILABLE; anything else reaches the client as "Internal
 * server error", with no stack and no SQL (it is logged with the request id). type-graphql's
 * argument validation errors name the offending field. In production, "Did you mean …?"
 * suggestions are removed, so the schema cannot be guessed from error messages.
 */
function maskError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (isDatabaseUnavailable(original)) {
      return { message: new ServiceUnavailableError().message, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    const code = formatted.extensions?.code;
    if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
      return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    // `extensions.http` steers the HTTP status and headers; it is not for the client (Apollo
    // drops it on HTTP, the socket needs it dropped here).
    const { http: _http, ...extensions } = formatted.extensions ?? {};
    let result: GraphQLFormattedError = { ...formatted, extensions };
    const validationErrors = formatted.extensions?.validationErrors as { property?: string; constraints?: Record<string, string> }[] | undefined;
    if (code === 'BAD_USER_INPUT' && Array.isArray(validationErrors) && validationErrors.length > 0) {
      const problems = validationErrors.map((v) => Object.values(v.constraints ?? {}).join('; ') || `${v.property}: invalid`);
      result = { ...result, message: problems.join('; '), extensions: { ...result.extensions, field: validationErrors[0].property } };
    }
    if (production && SUGGESTION.test(result.message)) result = { ...result, message: result.message.replace(SUGGESTION, '') };
    SUGGESTION.lastIndex = 0;
    return result;
  };
}

/** Builds the policy from configuration (see the README's configuration table). */
export function operationPolicy(config: PolicyConfig): OperationPolicy {
  const production = config.NODE_ENV === 'production';
  // graphql-armor's rules throw by default (a 500); reporting to the validation context makes
  // a refusal an ordinary validation error on either transport.
  const report = {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(new GraphQLError(error.message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })),
    ],
  };
  const validationRules: ValidationRule[] = [
    maxDepthRule({ n: config.MAX_QUERY_DEPTH, ...report }),
    maxAliasesRule({ n: 30, ...report }),
    maxDirectivesRule({ n: 20, ...report }),
    costLimitRule({ maxCost: config.MAX_QUERY_COST, ...report }),
    ...(production ? [NoSchemaIntrospectionCustomRule] : []),
  ] as ValidationRule[];
  const limits = { maxListItems: config.MAX_LIST_ITEMS, maxListCost: config.MAX_QUERY_COST };
  return {
    maxTokens: config.MAX_QUERY_TOKENS,
    introspection: !production,
    validationRules,
    checkInputs: (document, operationName, variables) => checkOperationInputs(document, operationName, variables, limits),
    formatError: maskError(production),
    logErrors(log, errors) {
      for (const error of errors) {
        if (isExpected(error)) continue;
        log.error({ err: unwrapResolverError(error), path: error.path }, 'request failed');
      }
    },
    logOperation(log, entry) {
      const caller = entry.caller;
      log.debug(
        {
          operation: entry.operation ?? undefined,
          transport: entry.transport,
          ms: Number(process.hrtime.bigint() - entry.startedAt) / 1e6,
          organizationId: caller && caller !== 'system' ? caller.organizationId : undefined,
          errors: entry.errors?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
        },
        'graphql operation',
      );
    },
  };
}
