/**
 * An error met while reading a multipart body is the client's: a body cut before the closing boundary, a
 * multipart/form-data type without a boundary, a boundary the body does not use, too many parts. busboy and
 * @fastify/multipart throw these as plain Errors (no status), which the error handler would answer with a 500.
 * They become UPLOAD_INVALID (400), the parser's words in details.reason; a file over the limit stays UPLOAD_TOO_LARGE.
 */
import { HotlineError, isHotlineError } from '../errors.js';

/** The catalogue error for a failure while reading the upload's body. */
export function uploadReadError(err: unknown, tooLarge: () => HotlineError): HotlineError {
  if (isHotlineError(err)) return err;
  const e = err as { code?: unknown; message?: unknown };
  if (e?.code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge();
  const reason = typeof e?.message === 'string' ? e.message.slice(0, 200) : 'unreadable multipart body';
  return new HotlineError('UPLOAD_INVALID', `the multipart body cannot be read: ${reason}`, { key: 'file', details: { reason }, error: err });
}
