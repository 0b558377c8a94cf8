/**
 * The one error catalogue. Code decides on `code`, never on message text.
 * Telephony errors carry a Q.850 cause; HTTP-facing errors carry a status.
 */
export const errorCatalogue = {
  CONFIG_INVALID: { status: 500, retryable: false },
  CONFIG_NOT_FOUND: { status: 500, retryable: false },
  ARI_UNAVAILABLE: { status: 503, retryable: true },
  ARI_REQUEST_FAILED: { status: 502, retryable: true },
  CHANNEL_GONE: { status: 404, retryable: false },
  BRIDGE_GONE: { status: 404, retryable: false },
  ORIGINATE_FAILED: { status: 502, retryable: true },
  LAB_NOT_ROOT: { status: 500, retryable: false },
  LAB_NO_MIRROR: { status: 500, retryable: true },
  LAB_PROVISION_FAILED: { status: 500, retryable: false },
  LAB_START_FAILED: { status: 500, retryable: true },
  LAB_NOT_PROVISIONED: { status: 500, retryable: false },
  LAB_NOT_RUNNING: { status: 503, retryable: true },
  LAB_CLI_FAILED: { status: 500, retryable: true },
  LAB_TEMPLATE_INVALID: { status: 500, retryable: false },
  /** Test audio for the lab's SIPp phones could not be made (espeak-ng or sox failed). */
  LAB_AUDIO_FAILED: { status: 500, retryable: false },
  /** A lab SIPp process could not start, or ended without the facts it should report. */
  LAB_SIPP_FAILED: { status: 500, retryable: true },
  STORE_FAILED: { status: 500, retryable: false },
  BAD_REQUEST: { status: 400, retryable: false },
} as const;

export type ErrorCode = keyof typeof errorCatalogue;

export interface HotlineErrorOptions {
  /** Q.850 cause when the error comes from the telephone network. */
  cause?: number;
  /** Config key, field or resource the error is about. */
  key?: string;
  details?: Record<string, unknown>;
  error?: unknown;
}

/** An error with a catalogue code; `retryable` tells runners whether trying again can help. */
export class HotlineError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly q850?: number;
  readonly key?: string;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, opts: HotlineErrorOptions = {}) {
    super(message, opts.error === undefined ? undefined : { cause: opts.error });
    this.name = 'HotlineError';
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.retryable = errorCatalogue[code].retryable;
    if (opts.cause !== undefined) this.q850 = opts.cause;
    if (opts.key !== undefined) this.key = opts.key;
    if (opts.details !== undefined) this.details = opts.details;
  }
}

/** True when `err` is a HotlineError with the given code. */
export function isHotlineError(err: unknown, code?: ErrorCode): err is HotlineError {
  return err instanceof HotlineError && (code === undefined || err.code === code);
}
