import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import type { FlowError } from '../ivr/flow-error.js';
import { flowJsonSchema } from '../ivr/flow-json-schema.js';
import { loadFlowFile, type LoadFlowOptions } from '../ivr/load-flow.js';

export interface ValidateReport {
  exitCode: 0 | 1;
  lines: string[];
}

/** One finding as a line: `[file: ]path: message [CODE]`. */
export function formatFlowError(e: FlowError): string {
  return `${e.file === undefined ? '' : `${e.file}: `}${e.path}: ${e.message} [${e.code}]`;
}

/** What `hotline ivr validate` prints and its exit code: 0 for a valid flow, 1 for an invalid one. */
export function validateReport(file: string, opts: LoadFlowOptions & { json?: boolean }): ValidateReport {
  const r = loadFlowFile(file, opts);
  if (opts.json === true) {
    const body = r.ok
      ? { valid: true, file, name: r.flow.name, version: r.flow.version, errors: [] }
      : { valid: false, file, errors: r.errors };
    return { exitCode: r.ok ? 0 : 1, lines: [JSON.stringify(body)] };
  }
  if (r.ok) {
    const f = r.flow.flow;
    const nodes = Object.keys(f.nodes).length + Object.values(f.subflows).reduce((n, s) => n + Object.keys(s.nodes).length, 0);
    return { exitCode: 0, lines: [`${file}: valid flow "${f.name}" version ${r.flow.version} (${nodes} nodes, entry ${f.entryNumbers.join(', ') || 'none: outbound campaigns only'})`] };
  }
  return { exitCode: 1, lines: [`${file}: ${r.errors.length} error(s)`, ...r.errors.map((e) => `  ${formatFlowError(e)}`)] };
}

/** Adds `hotline ivr validate <file>` and `hotline ivr schema`. */
export function registerIvrCommands(program: Command): void {
  const ivr = program.command('ivr').description('IVR flows: validate a flow file, print the flow JSON Schema');

  ivr
    .command('validate')
    .description('check a flow file as the service would before activating it; exit 0 if valid, 1 if not')
    .argument('<file>', 'flow file, e.g. config/ivr/hotline.yaml')
    .option('--json', 'print the result as JSON')
    .option('--prompts-dir <dir>', "where recorded prompts live (default: the config's prompts.dir)")
    .action((file: string, opts: { json?: boolean; promptsDir?: string }, cmd: Command) => {
      const promptsDir = opts.promptsDir ?? loadConfig(cmd.optsWithGlobals<{ config?: string }>().config).prompts.dir;
      const report = validateReport(file, { promptsDir: resolve(promptsDir), ...(opts.json === true ? { json: true } : {}) });
      process.stdout.write(`${report.lines.join('\n')}\n`);
      process.exitCode = report.exitCode;
    });

  ivr
    .command('schema')
    .description('print the JSON Schema of flow files (docs/ivr-flow.schema.json is this output)')
    .option('--out <file>', 'write it to a file instead')
    .action((opts: { out?: string }) => {
      const text = `${JSON.stringify(flowJsonSchema(), null, 2)}\n`;
      if (opts.out === undefined) process.stdout.write(text);
      else writeFileSync(opts.out, text);
    });
}
