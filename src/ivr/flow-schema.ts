/**
 * The IVR flow format: every node type is a strict schema, so an unknown type or property is rejected at load.
 * docs/ivr-flow.schema.json is generated from these schemas (see flow-json-schema.ts).
 */
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

export const languages = ['zh', 'en'] as const;
export const langSchema = z.enum(languages).describe('zh (Mandarin) or en');
export type Lang = z.infer<typeof langSchema>;

/** Variables every call has; flows read them but cannot set them. */
export const builtinVariables = ['callerNumber', 'calledNumber', 'language'] as const;

const isRegex = (s: string): boolean => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
};

export const nodeIdSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'must be letters, digits, _ or -, starting with a letter');
/** A reference to another node of the same flow (or of the same subflow). */
const target = nodeIdSchema.describe('id of a node in the same flow or subflow');
const varName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a variable name (letters, digits, _)');
const writableVar = varName.refine((n) => !(builtinVariables as readonly string[]).includes(n), {
  message: 'is a built-in variable and cannot be set',
});
const listName = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'must be a list name');
export const keySchema = z.string().regex(/^[0-9*#A-D]$/, 'a key is one of 0-9 * # A-D');
const regexString = z.string().min(1).refine(isRegex, { message: 'is not a valid regular expression' });
const seconds = z.number().positive().max(600);
const retries = z.number().int().min(0).max(9);
const dialable = z.string().regex(/^\+?[0-9]{3,20}$/, 'must be a dialable number of 3 to 20 digits');

/** A literal string, or the value of a variable at run time. */
export const valueSourceSchema = z.union([z.string(), z.strictObject({ var: varName })]).meta({ id: 'ValueSource', description: 'a literal, or {var: name} for a variable' });
export type ValueSource = z.infer<typeof valueSourceSchema>;

// Must stay within what src/http/prompts.ts serves: flat names, known audio extensions.
const promptFile = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\.(wav|gsm|ulaw|sln16)$/, 'must be a file name (no folders) ending .wav, .gsm, .ulaw or .sln16');

/** The same thing in zh, en or both; the call's language picks one. */
function localized<T extends z.ZodType>(value: T) {
  // Two shapes rather than two optional keys, so that an object with neither key is not taken for this form.
  return z.union([z.strictObject({ zh: value, en: value.optional() }), z.strictObject({ en: value })]);
}
const localizedText = localized(z.string().min(1));
const localizedFile = localized(promptFile);

export const sayAsSchema = z.enum(['digits', 'number', 'date', 'time']);
export type SayAs = z.infer<typeof sayAsSchema>;
const exactlyOneSource = (s: { var?: unknown; value?: unknown }): boolean => (s.var === undefined) !== (s.value === undefined);

const sayItem = z
  .strictObject({ say: sayAsSchema, var: varName.optional(), value: z.string().optional() })
  .refine(exactlyOneSource, { message: 'give either var or value' });

/**
 * One piece of a prompt. A bare string is TTS in the call's language; {zh, en} picks the call's language;
 * {text, lang} is TTS in a fixed language; {file} is a recorded file under the prompts directory;
 * {sound} is an Asterisk sound; {say} reads a variable or literal as digits, a number, a date or a time.
 */
export const promptItemSchema = z.union([
  z.string().min(1),
  z.strictObject({ text: z.string().min(1), lang: langSchema.optional() }),
  localizedText,
  z.strictObject({ file: z.union([promptFile, localizedFile]) }),
  z.strictObject({ sound: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_/-]*$/, 'must be an Asterisk sound name') }),
  sayItem,
]).meta({ id: 'PromptItem' });
export type PromptItem = z.infer<typeof promptItemSchema>;
export const promptSchema = z.union([promptItemSchema, z.array(promptItemSchema).min(1)]).meta({ id: 'Prompt', description: 'one prompt item or a list played in order' });
export type Prompt = z.infer<typeof promptSchema>;

const promptNode = z.strictObject({
  type: z.literal('prompt'),
  prompt: promptSchema,
  next: target,
});

const menuNode = z
  .strictObject({
    type: z.literal('menu'),
    prompt: promptSchema,
    options: z.record(keySchema, target).describe('key → node'),
    timeoutS: seconds.default(5).describe('wait for a key after the prompt'),
    retries: retries.default(2).describe('how many times the menu is offered again after an invalid or missing key'),
    invalidPrompt: promptSchema.optional(),
    timeoutPrompt: promptSchema.optional(),
    onExhausted: target.describe('where the caller goes when the retries are used up'),
  })
  .refine((n) => Object.keys(n.options).length > 0, { message: 'a menu needs at least one option', path: ['options'] });

/** Fields shared by the nodes that gather digits (collect, and the number entry of callbackOffer). */
const digitRules = {
  minLength: z.number().int().min(1).max(64),
  maxLength: z.number().int().min(1).max(64),
  terminator: z.union([keySchema, z.literal('none')]),
  firstDigitTimeoutS: seconds,
  interDigitTimeoutS: seconds,
};
const lengthsInOrder = (n: { minLength: number; maxLength: number }): boolean => n.minLength <= n.maxLength;
const lengthsError = { message: 'minLength is more than maxLength', path: ['minLength'] };

const collectNode = z
  .strictObject({
    type: z.literal('collect'),
    prompt: promptSchema,
    into: writableVar.describe('variable that receives the digits'),
    minLength: digitRules.minLength.default(1),
    maxLength: digitRules.maxLength.default(20),
    terminator: digitRules.terminator.default('#'),
    firstDigitTimeoutS: digitRules.firstDigitTimeoutS.default(8),
    interDigitTimeoutS: digitRules.interDigitTimeoutS.default(4),
    pattern: regexString.optional().describe('the whole input must match (anchored)'),
    retries: retries.default(2),
    invalidPrompt: promptSchema.optional(),
    timeoutPrompt: promptSchema.optional(),
    next: target,
    onFail: target.describe('where the caller goes when the retries are used up'),
  })
  .refine(lengthsInOrder, lengthsError);

const sayNode = z
  .strictObject({
    type: z.literal('say'),
    as: sayAsSchema,
    var: varName.optional(),
    value: z.string().optional(),
    next: target,
  })
  .refine(exactlyOneSource, { message: 'give either var or value' });

const lookupNode = z.strictObject({
  type: z.literal('lookup'),
  url: z
    .string()
    .regex(/^(https?:\/\/[^\s]+|\/[^\s]*)$/, 'must be an http(s) URL, or a path on this service starting with /')
    .describe('http(s) URL, or a path on this service'),
  params: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be a parameter name'), valueSourceSchema).default({}),
  timeoutMs: z.number().int().min(100).max(30_000).default(3000),
  into: z
    .record(writableVar, z.string().regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'must be a dotted path into the result'))
    .default({})
    .describe('variable → dotted path in the JSON result'),
  next: target,
  onError: target.describe('the lookup failed or timed out'),
  onNotFound: target.optional().describe('the lookup answered "not found"; default onError'),
});

const conditionOperators = ['equals', 'notEquals', 'in', 'inList', 'matches', 'startsWith', 'exists'] as const;
export const conditionSchema = z
  .strictObject({
    var: varName.describe('variable to test, e.g. callerNumber'),
    equals: z.string().optional(),
    notEquals: z.string().optional(),
    in: z.array(z.string()).min(1).optional(),
    inList: listName.optional().describe('a caller list defined in the flow or the config'),
    matches: regexString.optional(),
    startsWith: z.string().optional(),
    exists: z.boolean().optional(),
  })
  .refine((c) => conditionOperators.filter((op) => c[op] !== undefined).length === 1, {
    message: `give exactly one of ${conditionOperators.join(', ')}`,
  })
  .meta({ id: 'Condition' });
export type Condition = z.infer<typeof conditionSchema>;

const branchNode = z.strictObject({
  type: z.literal('branch'),
  cases: z
    .array(
      z.strictObject({
        when: z.union([conditionSchema, z.array(conditionSchema).min(1)]).describe('one condition, or a list that must all hold'),
        goto: target,
      }),
    )
    .min(1)
    .describe('the first case that holds wins'),
  default: target,
});

const clock = '([01][0-9]|2[0-3]):[0-5][0-9]';
const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const timeRangeSchema = z
  .string()
  .regex(new RegExp(`^${clock}-(${clock}|24:00)$`), 'must be HH:MM-HH:MM')
  .refine((r) => minutesOf(r.slice(6)) > minutesOf(r.slice(0, 5)), {
    message: 'must end after it starts (split a range that crosses midnight)',
  })
  .meta({ id: 'TimeRange' });
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((d) => DateTime.fromISO(d).isValid, { message: 'is not a calendar date' });
const dateOrRange = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(\.\.\d{4}-\d{2}-\d{2})?$/, 'must be a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD')
  .refine((d) => d.split('..').every((x) => DateTime.fromISO(x).isValid), { message: 'is not a calendar date' })
  .refine((d) => !d.includes('..') || d.slice(0, 10) <= d.slice(12), { message: 'the range ends before it starts' });
export const timezoneSchema = z
  .string()
  .refine((tz) => IANAZone.isValidZone(tz), { message: 'is not an IANA time zone such as Asia/Shanghai' });

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const ranges = z.array(timeRangeSchema);

const scheduleNode = z.strictObject({
  type: z.literal('schedule'),
  timezone: timezoneSchema.optional().describe("default: the flow's timezone"),
  hours: z
    .strictObject(Object.fromEntries(weekdays.map((d) => [d, ranges.optional()])) as Record<(typeof weekdays)[number], z.ZodOptional<typeof ranges>>)
    .describe('opening hours per weekday; a day not listed is closed'),
  holidays: z.array(dateOrRange).default([]).describe('closed all day: dates or ranges YYYY-MM-DD..YYYY-MM-DD'),
  special: z.record(isoDate, ranges).default({}).describe('days with their own hours, taking precedence over holidays and weekdays'),
  open: target,
  closed: target,
  holiday: target.optional().describe('default: closed'),
});

const queueNode = z.strictObject({
  type: z.literal('queue'),
  group: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be a skill group name').describe('ACD skill group'),
  priority: z.number().int().min(0).max(9).default(0).describe('passed to the ACD with the caller'),
  next: target.optional().describe('after an overflow or a time-out; without it the call is hung up'),
});

const callbackOfferNode = z
  .strictObject({
    type: z.literal('callbackOffer'),
    prompt: promptSchema.describe('the offer, e.g. "1 to be called back on this number, 2 to key another"'),
    keepKey: keySchema.default('1'),
    otherKey: keySchema.default('2'),
    declineKey: keySchema.optional(),
    onDecline: target.optional(),
    numberPrompt: promptSchema,
    minLength: digitRules.minLength.default(7),
    maxLength: digitRules.maxLength.default(15),
    terminator: digitRules.terminator.default('#'),
    firstDigitTimeoutS: digitRules.firstDigitTimeoutS.default(8),
    interDigitTimeoutS: digitRules.interDigitTimeoutS.default(4),
    timeoutS: seconds.default(5),
    retries: retries.default(2),
    invalidPrompt: promptSchema.optional(),
    timeoutPrompt: promptSchema.optional(),
    donePrompt: promptSchema.optional().describe('played once the callback exists'),
    reason: valueSourceSchema.default('ivr-callback'),
    next: target,
    onFail: target,
  })
  .refine(lengthsInOrder, lengthsError)
  .refine((n) => (n.declineKey === undefined) === (n.onDecline === undefined), {
    message: 'declineKey and onDecline go together',
    path: ['onDecline'],
  })
  .refine((n) => new Set([n.keepKey, n.otherKey, n.declineKey ?? n.keepKey]).size === (n.declineKey === undefined ? 2 : 3), {
    message: 'keepKey, otherKey and declineKey must differ',
    path: ['otherKey'],
  });

const recordNode = z.strictObject({
  type: z.literal('record'),
  prompt: promptSchema.optional(),
  maxS: z.number().int().min(1).max(600).default(120),
  maxSilenceS: z.number().int().min(1).max(60).optional(),
  beep: z.boolean().default(true),
  terminator: z.enum(['#', '*', 'any', 'none']).default('#').describe('the key that ends the recording (what Asterisk supports)'),
  into: writableVar.describe('variable that receives the recording name'),
  next: target,
});

const transferNode = z.strictObject({
  type: z.literal('transfer'),
  number: z.union([dialable, z.strictObject({ var: varName })]).describe('outside number, dialled through the trunk'),
});

const setNode = z
  .strictObject({
    type: z.literal('set'),
    vars: z.record(writableVar, valueSourceSchema).default({}),
    language: langSchema.optional().describe("switches the call's language"),
    next: target,
  })
  .refine((n) => Object.keys(n.vars).length > 0 || n.language !== undefined, { message: 'set needs vars or language' });

const gotoNode = z.strictObject({ type: z.literal('goto'), target });

export const endedInValues = [
  'hangup',
  'caller-hangup',
  'transfer',
  'agent',
  'queue-abandon',
  'queue-overflow',
  'after-hours',
  'message',
  'callback',
  'failed',
  // A caller on the blocked list, refused (recorded as harassment, 骚扰, among the non-regular calls).
  'blocked',
] as const;
export type EndedIn = (typeof endedInValues)[number];

const hangupNode = z.strictObject({
  type: z.literal('hangup'),
  prompt: promptSchema.optional().describe('played before hanging up'),
  endedIn: z
    .enum(['hangup', 'after-hours', 'message', 'callback', 'blocked'])
    .optional()
    .describe('what the call record says; default: what the path implies (after-hours, message, callback) or hangup; blocked: a refused caller, recorded as harassment'),
});

const subflowName = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'must be a subflow name');
const subflowNode = z.strictObject({ type: z.literal('subflow'), flow: subflowName, next: target.describe('where its return comes back to') });
const returnNode = z.strictObject({ type: z.literal('return') });

/** Every node type, keyed by its `type`. */
export const nodeSchema = z.discriminatedUnion('type', [
  promptNode.meta({ id: 'PromptNode' }),
  menuNode.meta({ id: 'MenuNode' }),
  collectNode.meta({ id: 'CollectNode' }),
  sayNode.meta({ id: 'SayNode' }),
  lookupNode.meta({ id: 'LookupNode' }),
  branchNode.meta({ id: 'BranchNode' }),
  scheduleNode.meta({ id: 'ScheduleNode' }),
  queueNode.meta({ id: 'QueueNode' }),
  callbackOfferNode.meta({ id: 'CallbackOfferNode' }),
  recordNode.meta({ id: 'RecordNode' }),
  transferNode.meta({ id: 'TransferNode' }),
  setNode.meta({ id: 'SetNode' }),
  gotoNode.meta({ id: 'GotoNode' }),
  hangupNode.meta({ id: 'HangupNode' }),
  subflowNode.meta({ id: 'SubflowNode' }),
  returnNode.meta({ id: 'ReturnNode' }),
]).meta({ id: 'Node' });
export type FlowNode = z.infer<typeof nodeSchema>;
export type NodeType = FlowNode['type'];
export type NodeOf<T extends NodeType> = Extract<FlowNode, { type: T }>;

const nodesSchema = z.record(nodeIdSchema, nodeSchema);

export const subflowSchema = z.strictObject({ start: target, nodes: nodesSchema }).meta({ id: 'Subflow' });
export type Subflow = z.infer<typeof subflowSchema>;

/** One flow file. `version` is accepted and ignored: versions come from the loader (a hash of the content). */
export const flowSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  version: z.union([z.string(), z.number()]).optional().describe('ignored: the loader versions flows by content'),
  entryNumbers: z.array(dialable).default([]).describe('the numbers this flow answers; none for a flow only outbound campaigns run'),
  language: langSchema.default('zh').describe("the call's language until a set node changes it"),
  timezone: timezoneSchema.default('Asia/Shanghai').describe('for schedule nodes and said dates'),
  lists: z.record(listName, z.array(z.string().regex(/^\+?[0-9]{3,20}$/, 'must be a phone number'))).default({}).describe('caller lists, e.g. vip'),
  include: z.array(z.string().min(1)).optional().describe('files (relative to this one) whose subflows this flow uses'),
  subflows: z.record(subflowName, subflowSchema).default({}),
  start: target,
  nodes: nodesSchema,
});
export type Flow = z.infer<typeof flowSchema>;

/** A file named by `include`: only subflows. */
export const includeFileSchema = z.strictObject({ subflows: z.record(subflowName, z.unknown()) });

/**
 * The flow with its nodes left unparsed: the validator parses each node on its own, so that one bad node
 * does not hide what is wrong with the others.
 */
export const flowEnvelopeSchema = flowSchema.extend({
  subflows: z.record(subflowName, z.strictObject({ start: target, nodes: z.record(nodeIdSchema, z.unknown()) })).default({}),
  nodes: z.record(nodeIdSchema, z.unknown()),
});
