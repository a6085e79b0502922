/**
 * The one table from errors to HTTP responses. Use cases throw {@link VigilError}s that know
 * nothing of HTTP; this file decides the status and the body. Anything it does not
 * recognise is a bug in Vigil: a generic 500 with the request id, and nothing of the
 * underlying message (which may be a database driver's text) in the response.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, ResponseSerializationError } from 'fastify-type-provider-zod';
import { type ErrorCode, isVigilError } from '../core/errors.js';
import { formatBytes } from '../core/inventory/source-text.js';
import type { ErrorBody } from './schemas.js';

/** HTTP status for each Vigil error code. */
export const HTTP_STATUS_FOR: Readonly<Record<ErrorCode, number>> = {
  INPUT_INVALID: 400,
  USAGE: 400,
  NOT_FOUND: 404,
  AMBIGUOUS: 409,
  UNAUTHENTICATED: 401,
  CONFIG_INVALID: 500,
  AUDIT_TAMPERED: 409,
};

/** The code in the body for HTTP-level problems that are not Vigil errors. */
const CODE_FOR_STATUS: Readonly<Record<number, string>> = {
  400: 'INPUT_INVALID',
  401: 'UNAUTHENTICATED',
  414: 'INPUT_INVALID',
  404: 'NOT_FOUND',
  405: 'USAGE',
  406: 'USAGE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** The code for a failure that is Vigil's fault, not the caller's. */
export const INTERNAL_ERROR_CODE = 'internal';

/** The longest message sent back; longer ones (a very long list of candidates) are cut. */
const MAX_MESSAGE = 4000;

/** A response ready to send: status, extra headers, body. */
export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: ErrorBody;
  /** Whether this is Vigil's fault, to be logged as an error with the cause. */
  internal: boolean;
}

/** What the mapper may know of the request beyond the error. */
export interface ErrorContext {
  requestId: string;
  /** The body limit of the route, to say it in a 413. */
  bodyLimit?: number | undefined;
}

/**
 * Maps any thrown value to the response to send.
 *
 * @example toErrorResponse(new VigilError('NOT_FOUND', 'no identity "x"'), { requestId: 'r1' })
 * // { status: 404, body: { error: 'NOT_FOUND', message: 'no identity "x"', requestId: 'r1' }, … }
 */
export function toErrorResponse(error: unknown, context: ErrorContext): ErrorResponse {
  const { requestId } = context;
  if (isVigilError(error)) {
    const status = HTTP_STATUS_FOR[error.code];
    const details = Object.keys(error.details).length > 0 ? { ...error.details } : undefined;
    return {
      status,
      headers: status === 401 ? { 'www-authenticate': 'Bearer realm="vigil"' } : {},
      body: { error: error.code, message: cut(error.message), ...(details ? { details } : {}), requestId },
      // A Vigil error's message is written for people and safe to show, but a 5xx is still ours to fix.
      internal: status >= 500,
    };
  }

  if (hasZodFastifySchemaValidationErrors(error)) {
    const where =
      'validationContext' in error && typeof error.validationContext === 'string' ? error.validationContext : 'request';
    const issues = error.validation.map((issue) => ({
      in: where,
      path: issue.instancePath === '/' ? '' : issue.instancePath,
      message: issue.message ?? 'invalid',
    }));
    const message = issues.map((i) => `${i.in}${i.path ? ` ${i.path}` : ''}: ${i.message}`).join('; ');
    return clientError(400, 'INPUT_INVALID', `invalid request: ${message}`, requestId, { issues });
  }

  if (error instanceof ResponseSerializationError) return internalError(requestId);

  const status = clientStatus(error);
  if (status !== null) {
    const code = CODE_FOR_STATUS[status] ?? 'USAGE';
    if (status === 413) {
      const limit = context.bodyLimit;
      const message =
        limit === undefined
          ? 'the request body is larger than this server accepts'
          : `the request body is larger than the limit of ${formatBytes(limit)}`;
      return clientError(status, code, message, requestId);
    }
    if ((error as FastifyError).code === 'FST_ERR_MAX_PARAM_LENGTH') {
      // Fastify's message repeats the whole (very long) path.
      return clientError(status, code, 'a path parameter is longer than any identity id can be', requestId);
    }
    // Fastify's own client errors (bad JSON, a wrong media type) describe the request, never the server.
    return clientError(status, code, cut((error as FastifyError).message), requestId);
  }
  return internalError(requestId);
}

/**
 * Installs the mapper as the server's error handler and not-found handler, so that
 * every failure, from a hook, a parser, a validator or a handler, leaves the same way.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const response = toErrorResponse(error, { requestId: request.id, bodyLimit: request.routeOptions.bodyLimit });
    if (response.internal) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: response.body.error, status: response.status }, 'request rejected');
    return reply.status(response.status).headers(response.headers).send(response.body);
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '';
    const body: ErrorBody = {
      error: 'NOT_FOUND',
      message: cut(`no route ${request.method} ${path}; see /openapi.json for the API`, 300),
      requestId: request.id,
    };
    return reply.status(404).send(body);
  });
}

/**
 * For Fastify's `frameworkErrors` option: errors the router raises before any hook runs
 * (a malformed percent-encoding, an over-long path parameter) leave the same way as the rest.
 */
export function handleFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const response = toErrorResponse(error, { requestId: request.id });
  request.log.info({ code: response.body.error, status: response.status }, 'request rejected');
  void reply.status(response.status).header('x-request-id', request.id).send(response.body);
}

function clientError(
  status: number,
  code: string,
  message: string,
  requestId: string,
  details?: Record<string, unknown>,
): ErrorResponse {
  return {
    status,
    headers: {},
    body: { error: code, message, ...(details ? { details } : {}), requestId },
    internal: false,
  };
}

function internalError(requestId: string): ErrorResponse {
  return {
    status: 500,
    headers: {},
    body: {
      error: INTERNAL_ERROR_CODE,
      message: `internal error; the server log has the details under request id ${requestId}`,
      requestId,
    },
    internal: true,
  };
}

/** The 4xx status of a framework error about the request, or `null` for anything else. */
function clientStatus(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode > 499) return null;
  // Only Fastify's own errors (FST_*) and JSON syntax errors from its parser are trusted to describe the request.
  if (typeof code === 'string' && code.startsWith('FST_')) return statusCode;
  if (error instanceof SyntaxError) return statusCode;
  return null;
}

function cut(message: string, max: number = MAX_MESSAGE): string {
  return message.length > max ? `${message.slice(0, max - 1)}…` : message;
}
