/** One finding about a flow file, and how zod's issues become findings. */
import type { z } from 'zod';
import type { ErrorCode } from '../errors.js';

/** A finding: where (dotted path, e.g. `nodes.main_menu.options.1`), what (a FLOW_* code), and words for a human. */
export interface FlowError {
  path: string;
  code: Extract<ErrorCode, `FLOW_${string}`>;
  message: string;
  /** Set when the finding is in an included file rather than the flow file itself. */
  file?: string;
}

/** Joins a path; the empty path is the file's root. */
export function pathOf(parts: ReadonlyArray<PropertyKey>): string {
  return parts.length === 0 ? '(root)' : parts.map(String).join('.');
}

type Issue = z.core.$ZodIssue;

// A union fails on every branch; the branch that got furthest (fewest issues, none about the value's own type)
// is the one the author meant, so its issues say what is wrong.
function bestBranch(errors: Issue[][]): Issue[] | undefined {
  const meant = errors.filter((e) => !e.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'unrecognized_keys')));
  if (meant.length === 0) return undefined;
  const fewest = Math.min(...meant.map((e) => e.length));
  const best = meant.filter((e) => e.length === fewest);
  return best.length === 1 ? best[0] : undefined;
}

function describe(issue: Issue, base: PropertyKey[], out: FlowError[]): void {
  const path = [...base, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    for (const k of issue.keys) out.push({ path: pathOf([...path, k]), code: 'FLOW_SCHEMA', message: `unknown property "${k}"` });
    return;
  }
  if (issue.code === 'invalid_union') {
    if ('discriminator' in issue && issue.discriminator !== undefined) {
      const options = (issue as { options?: unknown[] }).options ?? [];
      out.push({ path: pathOf(path), code: 'FLOW_SCHEMA', message: `unknown node type; expected one of ${options.join(', ')}` });
      return;
    }
    const best = bestBranch(issue.errors);
    if (best) {
      for (const i of best) describe(i, path, out);
      return;
    }
    // Keys every object form rejects are worth naming: they are usually a typo.
    const unknownIn = (e: Issue[]): string[] => e.flatMap((i) => (i.code === 'unrecognized_keys' && i.path.length === 0 ? i.keys : []));
    const objectForms = issue.errors.filter((e) => !e.some((i) => i.code === 'invalid_type' && i.path.length === 0));
    const unknown = objectForms.length === 0 ? [] : unknownIn(objectForms[0]!).filter((k) => objectForms.every((e) => unknownIn(e).includes(k)));
    const why = unknown.length === 0 ? '' : ` (unknown property ${unknown.map((k) => `"${k}"`).join(', ')})`;
    out.push({ path: pathOf(path), code: 'FLOW_SCHEMA', message: `is not any of the accepted forms${why}; see docs/ivr-flow.schema.json` });
    return;
  }
  if (issue.code === 'invalid_key') {
    const why = issue.issues[0]?.message ?? issue.message;
    out.push({ path: pathOf(path), code: 'FLOW_SCHEMA', message: `bad name "${String(path[path.length - 1])}": ${why}` });
    return;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    out.push({ path: pathOf(path), code: 'FLOW_SCHEMA', message: `required (${issue.expected})` });
    return;
  }
  out.push({ path: pathOf(path), code: 'FLOW_SCHEMA', message: issue.message });
}

/** zod issues as findings, under `base` (the path of the value that was parsed). */
export function schemaErrors(error: z.ZodError, base: PropertyKey[] = []): FlowError[] {
  const out: FlowError[] = [];
  for (const issue of error.issues) describe(issue, base, out);
  return out;
}
