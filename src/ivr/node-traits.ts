/**
 * What the validator needs to know about each node type, as data: where it can go, whether it waits for the caller,
 * whether it can end the call. Adding a node type means adding a row here; the compiler checks every type has one.
 */
import type { FlowNode, NodeType } from './flow-schema.js';

export interface NodeTraits {
  /** Fields holding targets: a name, `name.*` for a key → target map, `list.*.field` for a list of objects. */
  targets: readonly string[];
  /** It waits for the caller (keys, a recording, an agent): a cycle through it is not a busy loop. */
  waitsForInput: boolean;
  /** It can end the IVR part of the call (the caller leaves the flow). */
  ends: boolean;
  /** Fields holding prompts (checked for missing files). */
  prompts: readonly string[];
}

export const nodeTraits: { readonly [T in NodeType]: NodeTraits } = {
  prompt: { targets: ['next'], waitsForInput: false, ends: false, prompts: ['prompt'] },
  menu: {
    targets: ['options.*', 'onExhausted'],
    waitsForInput: true,
    ends: false,
    prompts: ['prompt', 'invalidPrompt', 'timeoutPrompt'],
  },
  collect: {
    targets: ['next', 'onFail'],
    waitsForInput: true,
    ends: false,
    prompts: ['prompt', 'invalidPrompt', 'timeoutPrompt'],
  },
  say: { targets: ['next'], waitsForInput: false, ends: false, prompts: [] },
  lookup: { targets: ['next', 'onError', 'onNotFound'], waitsForInput: false, ends: false, prompts: [] },
  branch: { targets: ['cases.*.goto', 'default'], waitsForInput: false, ends: false, prompts: [] },
  schedule: { targets: ['open', 'closed', 'holiday'], waitsForInput: false, ends: false, prompts: [] },
  queue: { targets: ['next'], waitsForInput: true, ends: true, prompts: [] },
  callbackOffer: {
    targets: ['next', 'onFail', 'onDecline'],
    waitsForInput: true,
    ends: false,
    prompts: ['prompt', 'numberPrompt', 'invalidPrompt', 'timeoutPrompt', 'donePrompt'],
  },
  record: { targets: ['next'], waitsForInput: true, ends: false, prompts: ['prompt'] },
  transfer: { targets: [], waitsForInput: false, ends: true, prompts: [] },
  set: { targets: ['next'], waitsForInput: false, ends: false, prompts: [] },
  goto: { targets: ['target'], waitsForInput: false, ends: false, prompts: [] },
  hangup: { targets: [], waitsForInput: false, ends: true, prompts: ['prompt'] },
  subflow: { targets: ['next'], waitsForInput: false, ends: false, prompts: [] },
  return: { targets: [], waitsForInput: false, ends: false, prompts: [] },
};

export interface TargetRef {
  /** Path below the node, e.g. ['options', '1']. */
  path: string[];
  target: string;
}

function walk(value: unknown, pattern: string[], path: string[], out: TargetRef[]): void {
  if (pattern.length === 0) {
    if (typeof value === 'string') out.push({ path, target: value });
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const [head, ...rest] = pattern as [string, ...string[]];
  const entries = head === '*' ? Object.entries(value) : [[head, (value as Record<string, unknown>)[head]] as const];
  for (const [k, v] of entries) walk(v, rest, [...path, String(k)], out);
}

/** The targets a node names, each with its path below the node. */
export function targetsOf(node: FlowNode): TargetRef[] {
  const out: TargetRef[] = [];
  for (const field of nodeTraits[node.type].targets) walk(node, field.split('.'), [], out);
  return out;
}
