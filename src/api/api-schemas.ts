/** Zod schemas shared by the API's routes: ids, paging, instants, the error body, and the records it returns. */
import { z } from 'zod';
import { attemptOutcomes, leadStates } from '../dialer/lead-state.js';

/** A positive integer from a path or query string. */
export const id = z.coerce.number().int().positive();

/** An instant in ISO 8601 with its offset (2026-03-09T09:00:00+08:00); the API works in epoch ms. */
export const instant = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

/** How many records a page holds. */
export const limit = z.coerce.number().int().min(1).max(1000).default(100);

export const errorBody = z
  .object({
    code: z.string().describe('catalogue code (src/errors.ts)'),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).describe('field: the request field at fault, when there is one'),
  })
  .describe('every error');

/** The error responses every route may give, for the docs and the serializer. */
export const errors = { '4xx': errorBody, '5xx': errorBody } as const;

export const idParams = z.strictObject({ id });

const epoch = z.number().int().nullable();

export const campaignOut = z.object({
  id: z.number().int(),
  name: z.string(),
  state: z.enum(['draft', 'scheduled', 'running', 'paused', 'finished']),
  settings: z.record(z.string(), z.unknown()),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  startedAt: epoch,
  finishedAt: epoch,
});

export const leadOut = z.object({
  id: z.number().int(),
  campaignId: z.number().int(),
  phone: z.string(),
  altPhone: z.string().nullable(),
  name: z.string().nullable(),
  fields: z.record(z.string(), z.string()),
  sourceRow: z.number().int().nullable(),
  state: z.enum(leadStates),
  dueAt: z.number().int(),
  attempts: z.number().int(),
  callbackAt: epoch,
  callbackAgent: z.string().nullable(),
  lastOutcome: z.string().nullable(),
  flagged: z.boolean(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});

export const attemptOut = z.object({
  id: z.number().int(),
  campaignId: z.number().int(),
  leadId: z.number().int(),
  phone: z.string(),
  attemptNo: z.number().int(),
  reason: z.enum(['new', 'retry', 'callback']),
  channelId: z.string().nullable(),
  queuedAt: z.number().int(),
  dialedAt: epoch,
  ringingAt: epoch,
  answeredAt: epoch,
  connectedAt: epoch,
  endedAt: epoch,
  causeCode: z.number().int().nullable(),
  causeText: z.string().nullable(),
  amdStatus: z.string().nullable(),
  outcome: z.enum(attemptOutcomes).nullable(),
  agentId: z.string().nullable(),
  disposition: z.string().nullable(),
  notes: z.string().nullable(),
  keys: z.string().nullable(),
  recording: z.string().nullable().describe('link to the recording; null when there is none'),
  node: z.string().nullable().describe('the Asterisk node the leg went out on'),
});

export const callOut = z.object({
  id: z.number().int(),
  channelId: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  callerNumber: z.string().nullable(),
  calledNumber: z.string().nullable(),
  entryNumber: z.string().nullable(),
  startedAt: z.number().int(),
  answeredAt: epoch,
  endedAt: epoch,
  causeCode: z.number().int().nullable(),
  causeText: z.string().nullable(),
  outcome: z.string().nullable(),
  hangupBy: z.string().nullable(),
  ivrPath: z.array(z.object({ node: z.string(), key: z.string().optional(), note: z.string().optional(), at: z.number() })),
  digits: z.string(),
  campaignId: z.number().int().nullable(),
  leadId: z.number().int().nullable(),
  flowName: z.string().nullable(),
  flowVersion: z.string().nullable(),
  endedIn: z.string().nullable(),
  nonRegular: z.string().nullable(),
  queueGroup: z.string().nullable(),
  queueWaitMs: z.number().int().nullable(),
  agentId: z.string().nullable(),
  talkMs: z.number().int().nullable(),
  holdMs: z.number().int().nullable(),
  acwMs: z.number().int().nullable(),
  node: z.string().nullable().describe('the Asterisk node that carried the leg (config nodes[].name; default for the one embedded node)'),
  recording: z.string().nullable().describe('link to the recording; null when there is none'),
});

/** A page of records and the cursor for the next one (null at the end). */
export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next: z.number().int().nullable().describe('pass as afterId/beforeId for the next page') });
}
