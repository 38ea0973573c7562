/**
 * Errors a client can act on: each carries an HTTP status, a stable code and a message a person
 * can read. Anything else that escapes a handler becomes a 500 with no internals.
 */
export interface FieldProblem {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldProblem[],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

export const validationFailed = (
  fields: FieldProblem[],
  message = 'The request has problems in some fields',
) => new AppError(400, 'VALIDATION_FAILED', message, fields);
export const notFound = (message = 'Not found') => new AppError(404, 'NOT_FOUND', message);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
export const unauthorized = (message = 'Sign in to continue') => new AppError(401, 'UNAUTHORIZED', message);
export const forbidden = (message = 'You may not do this') => new AppError(403, 'FORBIDDEN', message);

/** Thrown by the case store when another writer changed the case first; callers reload and retry. */
export class VersionConflict extends Error {
  constructor(readonly caseRef: string) {
    super(`case ${caseRef} was changed by another request`);
    this.name = 'VersionConflict';
  }
}
