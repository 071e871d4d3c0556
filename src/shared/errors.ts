import { GraphQLError } from 'graphql';

/**
 * Coded errors for what is not a rule violation: the caller asked for something that does not
 * exist for it, may not do it, or the service cannot answer now. Their text reaches the client;
 * anything else thrown is masked by the server and logged with the request id.
 */
export class CodedError extends GraphQLError {
  constructor(message: string, code: string, httpStatus?: number) {
    super(message, { extensions: { code, ...(httpStatus ? { http: { status: httpStatus } } : {}) } });
  }
}

/** The object does not exist, or the caller may not see it (the two are not told apart). */
export class NotFoundError extends CodedError {
  constructor(what: string) {
    super(`${what} not found`, 'NOT_FOUND');
  }
}

/** The caller is known but its role may not do this. */
export class ForbiddenError extends CodedError {
  constructor(message = 'Your API key may not do this') {
    super(message, 'FORBIDDEN', 403);
  }
}

/**
 * No valid API key or session. `reason`, when given, says why in a code clients may switch on
 * (`extensions.reason`, e.g. `ORGANIZATION_INACTIVE` when the credentials' organisation has been
 * deactivated); the code stays UNAUTHENTICATED either way.
 */
export class UnauthenticatedError extends CodedError {
  constructor(message = 'A valid API key is required: send `Authorization: Bearer <key>`', reason?: string) {
    super(message, 'UNAUTHENTICATED', 401);
    if (reason) (this.extensions as Record<string, unknown>).reason = reason;
  }
}

/** A dependency (the database) is unreachable; try again later. */
export class ServiceUnavailableError extends CodedError {
  constructor(message = 'The service is temporarily unavailable; try again shortly') {
    super(message, 'SERVICE_UNAVAILABLE', 503);
  }
}

/** An input that cannot be understood (e.g. a malformed global id). */
export class BadUserInputError extends CodedError {
  constructor(message: string, field?: string) {
    super(field ? `${field}: ${message}` : message, 'BAD_USER_INPUT');
  }
}
