/**
 * The API's one error shape, `{code, message, details}`, from whatever was thrown: a schema failure names the field,
 * a HotlineError keeps its catalogue code and key, fastify's own 4xx (bad JSON, wrong content type, too large) get
 * the catalogue code for their status, and anything else is a 500 whose details stay in the log. Pure.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { HotlineError, type ErrorCode } from '../errors.js';
import { defined } from '../defined.js';

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}

export interface FieldIssue {
  /** Dotted path in the part of the request it is in, e.g. settings.maxLines. */
  field: string;
  in: string;
  message: string;
}

const byStatus: Readonly<Record<number, ErrorCode>> = {
  401: 'AUTH_REQUIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  406: 'UNSUPPORTED_MEDIA_TYPE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'AUTH_RATE_LIMITED',
};

type Validation = { instancePath?: string; message?: string; params?: Record<string, unknown> };

function fieldIssues(validation: readonly Validation[], where: string): FieldIssue[] {
  return validation.map((v) => {
    const base = (v.instancePath ?? '').split('/').filter(Boolean).join('.');
    const keys = Array.isArray(v.params?.keys) ? (v.params.keys as string[]) : undefined;
    const missing = typeof v.params?.missingProperty === 'string' ? v.params.missingProperty : undefined;
    const leaf = keys?.[0] ?? missing;
    const field = leaf ? (base ? `${base}.${leaf}` : leaf) : base;
    return { field: field || where, in: where, message: v.message ?? 'invalid' };
  });
}

/** The status and body the client gets for an error. */
export function errorReply(err: unknown): { status: number; body: ErrorBody } {
  const e = err as FastifyError & { validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(err) || (Array.isArray(e?.validation) && e.validation.length > 0)) {
    const where = e.validationContext ?? 'body';
    const fields = fieldIssues(e.validation as unknown as Validation[], where);
    const first = fields[0]!;
    return { status: 400, body: { code: 'BAD_REQUEST', message: `${first.field}: ${first.message}`, details: { field: first.field, in: where, fields } } };
  }
  if (err instanceof HotlineError) {
    // The code tells an operator which part failed; the message may hold paths or SQL and stays in the log.
    if (err.status >= 500) return { status: err.status, body: { code: err.code, message: 'internal error', details: {} } };
    return { status: err.status, body: { code: err.code, message: err.message, details: { ...defined({ field: err.key }), ...err.details } } };
  }
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    return { status, body: { code: byStatus[status] ?? 'BAD_REQUEST', message: e.message, details: e.code ? { reason: e.code } : {} } };
  }
  return internal();
}

function internal(): { status: number; body: ErrorBody } {
  return { status: 500, body: { code: 'INTERNAL', message: 'internal error', details: {} } };
}

/** The app's one error handler (the API, /health, the prompts and the work-order look-up alike): logs a 5xx, replies with errorReply. */
export function replyWithError(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = errorReply(err);
  if (status >= 500) req.log.error({ err }, 'request failed');
  void reply.status(status).send(body);
}
