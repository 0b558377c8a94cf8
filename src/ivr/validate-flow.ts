/**
 * Flow validation before a flow goes live: the schema, then what a schema cannot see (targets, reachability,
 * menus with no way out, loops that take no input, missing prompt files). Pure: file checks come in as a predicate.
 */
import { pathOf, schemaErrors, type FlowError } from './flow-error.js';
import { flowEnvelopeSchema, flowSchema, nodeSchema, type Condition, type Flow, type FlowNode, type Prompt } from './flow-schema.js';
import { canReach, cycles, reachableFrom } from './graph.js';
import { nodeTraits, targetsOf } from './node-traits.js';

export interface ValidateFlowOptions {
  /** Whether a recorded prompt file exists; without it file prompts are not checked. */
  promptExists?: (file: string) => boolean;
  /** Caller lists the config provides, besides those in the flow. */
  knownLists?: readonly string[];
  /** Skill groups the ACD knows; without it queue groups are not checked. */
  knownGroups?: readonly string[];
  /** Subflows that came from included files: a library may hold subflows this flow does not use. */
  librarySubflows?: readonly string[];
}

export type FlowValidation = { ok: true; flow: Flow; errors: [] } | { ok: false; errors: FlowError[] };

/** A flow or one of its subflows: its own node namespace. */
interface Scope {
  /** '' for the main flow. */
  name: string;
  base: string[];
  start: unknown;
  /** Every node id; null where the node failed the schema (it exists, but its edges are unknown). */
  nodes: Map<string, FlowNode | null>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseNodes(raw: unknown, base: string[], errors: FlowError[]): Map<string, FlowNode | null> {
  const nodes = new Map<string, FlowNode | null>();
  if (!isRecord(raw)) return nodes;
  for (const [id, value] of Object.entries(raw)) {
    const r = nodeSchema.safeParse(value, { reportInput: true });
    if (r.success) nodes.set(id, r.data);
    else {
      nodes.set(id, null);
      errors.push(...schemaErrors(r.error, [...base, id]));
    }
  }
  return nodes;
}

function scopesOf(raw: Record<string, unknown>, errors: FlowError[]): Scope[] {
  const scopes: Scope[] = [{ name: '', base: ['nodes'], start: raw.start, nodes: parseNodes(raw.nodes, ['nodes'], errors) }];
  if (isRecord(raw.subflows)) {
    for (const [name, sub] of Object.entries(raw.subflows)) {
      if (!isRecord(sub)) continue;
      const base = ['subflows', name, 'nodes'];
      scopes.push({ name, base, start: sub.start, nodes: parseNodes(sub.nodes, base, errors) });
    }
  }
  return scopes;
}

const where = (scope: Scope): string => (scope.name === '' ? '' : ` in subflow "${scope.name}"`);

function promptItems(prompt: Prompt | undefined): Array<{ item: unknown; path: string[] }> {
  if (prompt === undefined) return [];
  return Array.isArray(prompt) ? prompt.map((item, i) => ({ item, path: [String(i)] })) : [{ item: prompt, path: [] }];
}

function checkPromptFiles(node: FlowNode, at: string[], exists: (f: string) => boolean, errors: FlowError[]): void {
  for (const field of nodeTraits[node.type].prompts) {
    for (const { item, path } of promptItems((node as Record<string, unknown>)[field] as Prompt | undefined)) {
      if (!isRecord(item) || item.file === undefined) continue;
      const files = typeof item.file === 'string' ? [[[], item.file] as const] : Object.entries(item.file as Record<string, string>).map(([k, f]) => [[k], f] as const);
      for (const [sub, file] of files) {
        if (!exists(file)) {
          errors.push({ path: pathOf([...at, field, ...path, 'file', ...sub]), code: 'FLOW_PROMPT_MISSING', message: `prompt file "${file}" is not in the prompts directory` });
        }
      }
    }
  }
}

function conditionsOf(when: Condition | Condition[]): Array<{ c: Condition; path: string[] }> {
  return Array.isArray(when) ? when.map((c, i) => ({ c, path: [String(i)] })) : [{ c: when, path: [] }];
}

/** Per-node checks that need no graph: targets, lists, groups, subflows, returns, prompt files. */
function checkNodes(scopes: Scope[], lists: Set<string>, opts: ValidateFlowOptions, errors: FlowError[]): void {
  const subflowNames = new Set(scopes.filter((s) => s.name !== '').map((s) => s.name));
  for (const scope of scopes) {
    const startPath = scope.name === '' ? ['start'] : ['subflows', scope.name, 'start'];
    if (typeof scope.start === 'string' && !scope.nodes.has(scope.start)) {
      errors.push({ path: pathOf(startPath), code: 'FLOW_UNKNOWN_TARGET', message: `start node "${scope.start}" does not exist${where(scope)}` });
    }
    for (const [id, node] of scope.nodes) {
      if (node === null) continue;
      const at = [...scope.base, id];
      for (const ref of targetsOf(node)) {
        if (!scope.nodes.has(ref.target)) {
          errors.push({ path: pathOf([...at, ...ref.path]), code: 'FLOW_UNKNOWN_TARGET', message: `target "${ref.target}" does not exist${where(scope)}` });
        }
      }
      if (node.type === 'branch') {
        node.cases.forEach((c, i) => {
          for (const { c: cond, path } of conditionsOf(c.when)) {
            if (cond.inList !== undefined && !lists.has(cond.inList)) {
              errors.push({ path: pathOf([...at, 'cases', i, 'when', ...path, 'inList']), code: 'FLOW_UNKNOWN_LIST', message: `caller list "${cond.inList}" is defined neither in the flow nor in the config` });
            }
          }
        });
      }
      if (node.type === 'queue' && opts.knownGroups !== undefined && !opts.knownGroups.includes(node.group)) {
        errors.push({ path: pathOf([...at, 'group']), code: 'FLOW_UNKNOWN_GROUP', message: `skill group "${node.group}" is not configured` });
      }
      if (node.type === 'subflow' && !subflowNames.has(node.flow)) {
        errors.push({ path: pathOf([...at, 'flow']), code: 'FLOW_UNKNOWN_SUBFLOW', message: `subflow "${node.flow}" does not exist` });
      }
      if (node.type === 'return' && scope.name === '') {
        errors.push({ path: pathOf(at), code: 'FLOW_RETURN_OUTSIDE_SUBFLOW', message: 'return is only for subflows: the main flow has nothing to return to' });
      }
      if (opts.promptExists) checkPromptFiles(node, at, opts.promptExists, errors);
    }
  }
}

/** What a subflow does, seen from a node that calls it. */
interface SubflowSummary {
  /** Some path inside ends the call. */
  ends: boolean;
  /** Some path inside comes back. */
  returns: boolean;
  /** Some path comes back without waiting for the caller. */
  passes: boolean;
}

/** Graph checks; they run only on a flow whose every node parsed and every target exists. */
function checkGraph(scopes: Scope[], opts: ValidateFlowOptions, errors: FlowError[]): void {
  const byName = new Map(scopes.map((s) => [s.name, s]));
  const nodesOf = (s: Scope): Map<string, FlowNode> => s.nodes as Map<string, FlowNode>;

  // Subflow recursion first: the summaries below walk the call graph and need it to be acyclic.
  const calls = (s: Scope): string[] => [...nodesOf(s).values()].flatMap((n) => (n.type === 'subflow' ? [n.flow] : []));
  const recursive = cycles(
    scopes.map((s) => s.name),
    (name) => calls(byName.get(name)!),
  );
  for (const cycle of recursive) {
    errors.push({ path: pathOf(['subflows', cycle[0]!]), code: 'FLOW_SUBFLOW_RECURSION', message: `subflows call each other in a circle: ${[...cycle, cycle[0]].join(' → ')}` });
  }
  if (recursive.length > 0) return;

  const summaries = new Map<string, SubflowSummary>();
  const summary = (name: string): SubflowSummary => {
    const known = summaries.get(name);
    if (known) return known;
    const s = byName.get(name)!;
    const a = analyse(s);
    const start = s.start as string;
    const result = { ends: a.canEnd.has(start), returns: a.canReturn.has(start), passes: a.passes.has(start) };
    summaries.set(name, result);
    return result;
  };

  function analyse(s: Scope) {
    const nodes = nodesOf(s);
    const ids = [...nodes.keys()];
    // A subflow that never returns never continues at its caller's `next`.
    const next = (id: string): string[] => {
      const n = nodes.get(id)!;
      if (n.type === 'subflow' && !summary(n.flow).returns) return [];
      return targetsOf(n).map((r) => r.target);
    };
    const waits = (id: string): boolean => {
      const n = nodes.get(id)!;
      return nodeTraits[n.type].waitsForInput || (n.type === 'subflow' && !summary(n.flow).passes);
    };
    const ends = (id: string): boolean => {
      const n = nodes.get(id)!;
      return nodeTraits[n.type].ends || (n.type === 'subflow' && summary(n.flow).ends);
    };
    const isReturn = (id: string): boolean => nodes.get(id)!.type === 'return';
    const canEnd = canReach(ids, next, ends);
    const canReturn = canReach(ids, next, isReturn);
    const quick = ids.filter((id) => !waits(id));
    const passes = canReach(quick, (id) => next(id).filter((t) => !waits(t)), isReturn);
    return { ids, next, waits, canEnd, canReturn, passes };
  }

  const called = new Set(scopes.flatMap(calls));
  for (const s of scopes) {
    const label = s.name === '' ? '' : `subflow "${s.name}" `;
    if (s.name !== '' && !called.has(s.name) && !(opts.librarySubflows ?? []).includes(s.name)) {
      errors.push({ path: pathOf(['subflows', s.name]), code: 'FLOW_UNREACHABLE_NODE', message: `subflow "${s.name}" is never called` });
    }
    const nodes = nodesOf(s);
    const a = analyse(s);
    const start = s.start as string;
    const reached = reachableFrom(start, (id) => targetsOf(nodes.get(id)!).map((r) => r.target));
    for (const id of a.ids) {
      if (!reached.has(id)) {
        errors.push({ path: pathOf([...s.base, id]), code: 'FLOW_UNREACHABLE_NODE', message: `node "${id}" is never reached from ${label}start "${start}"` });
      }
    }
    for (const id of a.ids) {
      if (nodes.get(id)!.type === 'menu' && reached.has(id) && !a.canEnd.has(id) && !a.canReturn.has(id)) {
        errors.push({ path: pathOf([...s.base, id]), code: 'FLOW_MENU_NO_WAY_OUT', message: `menu "${id}" has no way out: no path from it ends the call${s.name === '' ? '' : ' or returns'}` });
      }
    }
    const quick = a.ids.filter((id) => !a.waits(id));
    for (const cycle of cycles(quick, (id) => a.next(id).filter((t) => !a.waits(t)))) {
      errors.push({ path: pathOf([...s.base, cycle[0]!]), code: 'FLOW_LOOP_WITHOUT_INPUT', message: `loop that never waits for the caller: ${[...cycle, cycle[0]].join(' → ')}` });
    }
  }
}

/** Validates a parsed YAML document as a flow; returns the typed flow with defaults, or every finding. */
export function validateFlow(raw: unknown, opts: ValidateFlowOptions = {}): FlowValidation {
  const errors: FlowError[] = [];
  if (!isRecord(raw)) return { ok: false, errors: [{ path: '(root)', code: 'FLOW_SYNTAX', message: 'the top level of a flow must be a mapping' }] };
  const envelope = flowEnvelopeSchema.safeParse(raw, { reportInput: true });
  if (!envelope.success) errors.push(...schemaErrors(envelope.error));
  const scopes = scopesOf(raw, errors);

  const flowLists = envelope.success ? Object.keys(envelope.data.lists) : isRecord(raw.lists) ? Object.keys(raw.lists) : [];
  for (const name of flowLists) {
    if ((opts.knownLists ?? []).includes(name)) {
      errors.push({ path: pathOf(['lists', name]), code: 'FLOW_DUPLICATE_NAME', message: `caller list "${name}" is also defined in the config` });
    }
  }
  checkNodes(scopes, new Set([...flowLists, ...(opts.knownLists ?? [])]), opts, errors);
  if (errors.length > 0) return { ok: false, errors };

  checkGraph(scopes, opts, errors);
  if (errors.length > 0) return { ok: false, errors };
  const parsed = flowSchema.safeParse(raw);
  // Every piece passed above, so the whole passes; anything else is a schema bug worth seeing.
  if (!parsed.success) return { ok: false, errors: schemaErrors(parsed.error) };
  return { ok: true, flow: parsed.data, errors: [] };
}
