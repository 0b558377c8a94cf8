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
  /** The event is not allowed in the agent's current state (e.g. logout while on a call). */
  AGENT_BAD_TRANSITION: { status: 409, retryable: false },
  /** The event names a call the agent is not handling: a stale timer or a late telephony event. */
  AGENT_WRONG_CALL: { status: 409, retryable: false },
  /** The agent owes the wrap-up of a call (desk.wrapUpRequired) and cannot be ready before saving it; details.callId names it. */
  WRAP_UP_REQUIRED: { status: 409, retryable: false },
  /** The complaint cannot take this action in its state (details.allowed lists what it can). */
  COMPLAINT_BAD_TRANSITION: { status: 409, retryable: false },
  /** The work order cannot change to that status from its own (details.allowed lists what it can). */
  WORK_ORDER_BAD_TRANSITION: { status: 409, retryable: false },
  /** An agent with that id exists already: in the config, created through the API, or as a SIP endpoint in Asterisk's own config. */
  AGENT_EXISTS: { status: 409, retryable: false },
  /** The agent comes from the config file: change it there, not through the API. */
  AGENT_IN_CONFIG: { status: 409, retryable: false },
  /** The agent must be logged out first (delete); details.state is where they are. */
  AGENT_LOGGED_IN: { status: 409, retryable: false },
  /** Asterisk has this SIP object in its own config (pjsip.conf): a pushed object cannot replace or remove it. */
  SIP_ENDPOINT_STATIC: { status: 409, retryable: false },
  BAD_REQUEST: { status: 400, retryable: false },
  PROMPT_FAILED: { status: 500, retryable: true },
  /** An IVR flow was rejected as a whole; details.errors lists its findings (the codes below), the running version stays. */
  FLOW_INVALID: { status: 422, retryable: false },
  /** The flow file (or a file it includes) is not there or cannot be read. */
  FLOW_NOT_FOUND: { status: 404, retryable: false },
  /** An include outside the flows folder, not a regular file, over the size cap, or too many includes: nothing is read. */
  FLOW_INCLUDE_REFUSED: { status: 422, retryable: false },
  /** The flow file is not valid YAML, or its top level is not a mapping. */
  FLOW_SYNTAX: { status: 422, retryable: false },
  /** A property has the wrong type or value, is missing, or is unknown (flows are strict). */
  FLOW_SCHEMA: { status: 422, retryable: false },
  /** A node, menu option, branch or start names a node that does not exist in its flow or subflow. */
  FLOW_UNKNOWN_TARGET: { status: 422, retryable: false },
  /** A node (or a subflow defined in the file) that no path from the start reaches. */
  FLOW_UNREACHABLE_NODE: { status: 422, retryable: false },
  /** A menu from which no path ends the call (hang-up, transfer, queue) or returns from its subflow. */
  FLOW_MENU_NO_WAY_OUT: { status: 422, retryable: false },
  /** A cycle of nodes none of which waits for the caller (keys, a recording, a queue): it would spin forever. */
  FLOW_LOOP_WITHOUT_INPUT: { status: 422, retryable: false },
  /** A recorded prompt file that is not in the prompts directory. */
  FLOW_PROMPT_MISSING: { status: 422, retryable: false },
  /** A branch names a caller list defined neither in the flow nor in the config. */
  FLOW_UNKNOWN_LIST: { status: 422, retryable: false },
  /** A queue node names a skill group the ACD does not know. */
  FLOW_UNKNOWN_GROUP: { status: 422, retryable: false },
  /** A subflow node calls a subflow that does not exist. */
  FLOW_UNKNOWN_SUBFLOW: { status: 422, retryable: false },
  /** Subflows that call themselves, directly or through others: the call stack would grow without end. */
  FLOW_SUBFLOW_RECURSION: { status: 422, retryable: false },
  /** A return node in the main flow, where there is nothing to return to. */
  FLOW_RETURN_OUTSIDE_SUBFLOW: { status: 422, retryable: false },
  /** The same subflow or caller list is defined twice (in the flow, an included file or the config). */
  FLOW_DUPLICATE_NAME: { status: 422, retryable: false },
  /** A call's state belongs to another version of the flow than the one asked to run it (a runner bug). */
  FLOW_VERSION_MISMATCH: { status: 500, retryable: false },
  /** No campaign with that id or name. */
  CAMPAIGN_NOT_FOUND: { status: 404, retryable: false },
  /** Campaign settings that fail validation; key names the bad setting. */
  CAMPAIGN_INVALID: { status: 422, retryable: false },
  /** The campaign cannot go from its state by this event (e.g. start a finished campaign). */
  CAMPAIGN_BAD_TRANSITION: { status: 409, retryable: false },
  /** A campaign with that name already exists. */
  CAMPAIGN_EXISTS: { status: 409, retryable: false },
  /** The import file is not a CSV or XLSX file hotline can read, or it cannot be opened. */
  IMPORT_UNREADABLE: { status: 422, retryable: false },
  /** The file has no column that holds phone numbers (电话/手机/phone). */
  IMPORT_NO_PHONE_COLUMN: { status: 422, retryable: false },
  /** A disposition that does not fit the attempt (unknown, or callback-at without a time). */
  DISPOSITION_INVALID: { status: 422, retryable: false },
  /** A preview action that does not fit: not a preview campaign, no such lead, or a lead another agent holds. */
  PREVIEW_INVALID: { status: 409, retryable: false },
  /** A callback to a number the dialer may not call for a caller: not a national mobile or fixed line (00…, 400/800, premium). */
  CALLBACK_NUMBER_REFUSED: { status: 422, retryable: false },
  /** A callback on a lead in a final state (success, not interested, wrong party, invalid, DNC, expired): its end stands. */
  CALLBACK_LEAD_FINAL: { status: 409, retryable: false },
  /** A callback on a lead whose attempts (in all, or on the callback's day) are used up. */
  CALLBACK_LIMIT_REACHED: { status: 409, retryable: false },
  /** Simulator or staffing parameters that fail validation; key names the flag (e.g. --agents). */
  SIM_INVALID: { status: 422, retryable: false },
  /** A staffing target no number of agents within the searched range reaches (e.g. service level with too few lines). */
  STAFFING_UNREACHABLE: { status: 422, retryable: false },
  /** Stored pacing statistics that cannot be read (another version, or damaged): start again from the priors. */
  PACING_STATS_INVALID: { status: 500, retryable: false },
  // Issue 11, carrier announcements (CORE).
  /** A stored announcement fingerprint that does not read back (damaged, or another format): fingerprint its audio again. */
  ANNOUNCEMENT_FINGERPRINT_INVALID: { status: 500, retryable: false },
  /** No Authorization: Bearer token, or one that is unknown or revoked. */
  AUTH_REQUIRED: { status: 401, retryable: false },
  /** The token is valid but its role may not do this (or not to this record). */
  FORBIDDEN: { status: 403, retryable: false },
  /** Too many failed authentications from this address; try again after details.retryAfterS. */
  AUTH_RATE_LIMITED: { status: 429, retryable: true },
  /** No such record (lead, attempt, call, callback, agent, flow version, report file, token). */
  NOT_FOUND: { status: 404, retryable: false },
  /** The request conflicts with the record's state (e.g. reschedule a callback that was already dialed). */
  CONFLICT: { status: 409, retryable: false },
  /** An uploaded list that is empty, binary, or not multipart; key names the part. */
  UPLOAD_INVALID: { status: 400, retryable: false },
  /** An uploaded list over api.upload.maxBytes. */
  UPLOAD_TOO_LARGE: { status: 413, retryable: false },
  /** A request body over the route's size limit. */
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false },
  /** A request body in a content type the route does not take. */
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false },
  /** A fault of ours; the log has the details, the client gets this code only. */
  INTERNAL: { status: 500, retryable: true },
  /** A report could not be written to api.reports.dir. */
  REPORT_FAILED: { status: 500, retryable: true },
  /** The recording's row exists but its file does not: removed by retention, or never written by Asterisk. */
  RECORDING_FILE_GONE: { status: 404, retryable: false },
  /** A recording cannot start now: the call is not with an agent, the line's setting is none, or one is running. */
  RECORDING_UNAVAILABLE: { status: 409, retryable: false },
  /** A Range header no byte of the file satisfies; details.size is the file's length. */
  RANGE_NOT_SATISFIABLE: { status: 416, retryable: false },
  // Issue 11, announcement library (LIBRARY): imported WAV files, each refusal naming the file (key and details.file).
  /** The file is not a RIFF/WAVE file, or its chunks cannot be read. */
  ANNOUNCEMENT_NOT_WAV: { status: 422, retryable: false },
  /** A WAV encoding, sample rate or channel count the library does not take (8 kHz mono PCM 16-bit, A-law or µ-law). */
  ANNOUNCEMENT_AUDIO_UNSUPPORTED: { status: 422, retryable: false },
  /** The WAV file holds no audio (or too little to fingerprint). */
  ANNOUNCEMENT_AUDIO_EMPTY: { status: 422, retryable: false },
  /** The recording is longer than an announcement may be (60 s). */
  ANNOUNCEMENT_TOO_LONG: { status: 422, retryable: false },
  /** The file is over announcements.maxFileBytes; refused before it is read whole. */
  ANNOUNCEMENT_FILE_TOO_LARGE: { status: 413, retryable: false },
  // Issue 16 (quality and planning).
  /** A QA score's answers do not fit its form: an item missing, unknown, or over its weight (key names the item). */
  QA_BAD_ANSWERS: { status: 422, retryable: false },
  /** The score form is for another campaign or inbound line than the call's. */
  QA_FORM_NOT_FOR_CALL: { status: 422, retryable: false },
  /** This scorer has scored this call on this form already. */
  QA_ALREADY_SCORED: { status: 409, retryable: false },
  /** The agent has acknowledged or disputed this score already. */
  QA_ALREADY_ANSWERED: { status: 409, retryable: false },
  /** A sixth shift swap in a month for one person (seed 001: at most 5); details.limit and details.used say so. */
  SWAP_LIMIT_REACHED: { status: 409, retryable: false },
  // Issue 13, agents on the phone (PHONE).
  /** The lab's TLS certificate for the WebSocket transport could not be made (openssl failed). */
  LAB_CERT_FAILED: { status: 500, retryable: false },
  /** Browser phones are off (phone.browser.enabled), or the token names no agent to issue a phone for. */
  PHONE_UNAVAILABLE: { status: 409, retryable: false },
  /** Hold or resume needs a customer talking to an agent (bridged); details.channelId names the call. */
  CALL_NOT_BRIDGED: { status: 409, retryable: false },
  /** Hold of a held call, or resume of one not on hold; details.held says which it is. */
  CALL_HOLD_STATE: { status: 409, retryable: false },
  // Issue 13, transfers and conference (TRANSFER).
  /** A transfer target the centre may not put the caller through to; details.reason says why (dnc, number-type, unknown-group, agent-busy, self). */
  TRANSFER_REFUSED: { status: 422, retryable: false },
  /** A transfer to an agent who is not logged in (details.agentId); details.state is where they are. */
  AGENT_NOT_LOGGED_IN: { status: 409, retryable: false },
  /** The transfer cannot take this step in its state (e.g. complete with no consult); details.allowed lists what it can. */
  TRANSFER_BAD_TRANSITION: { status: 409, retryable: false },
  /** The transfer target did not answer (details.cause is the Q.850 cause); the caller stays with the agent. */
  TRANSFER_NOT_ANSWERED: { status: 409, retryable: true },
  /** A supervisor already listens to, whispers to or barges into this call; details.mode says how. */
  MONITOR_ACTIVE: { status: 409, retryable: false },
  /** A mode change or stop for a call no supervisor is monitoring. */
  MONITOR_NOT_ACTIVE: { status: 409, retryable: false },
  /** The supervisor's phone (details.endpoint) did not answer, or hung up before the monitor was set up. */
  MONITOR_PHONE_UNANSWERED: { status: 409, retryable: true },
  // Issue 14 (several nodes).
  /** The SIP edge (Kamailio) did not take an agent's credentials over its JSON-RPC (config edge.rpcUrl). */
  EDGE_REQUEST_FAILED: { status: 502, retryable: true },
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
