import { existsSync, readdirSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { FlowError } from './flow-error.js';
import { interpreterFor, type Interpreter } from './interpreter.js';
import { loadFlowFile, type LoadFlowOptions } from './load-flow.js';
import type { LoadedFlow } from './loaded-flow.js';

export interface FlowActivation {
  file: string;
  ok: boolean;
  name?: string;
  version?: string;
  /** The flow made live, when this activation made one. */
  flow?: LoadedFlow;
  errors?: FlowError[];
}

/**
 * The live flows, one version per file. A file that changes is loaded and validated in full; only a valid one
 * replaces the running version, in one assignment, so a call either got the old interpreter or the new one.
 * Calls in progress hold their interpreter and finish on the version they started on.
 */
export class FlowRegistry {
  private readonly byFile = new Map<string, Interpreter>();
  private byNumber = new Map<string, Interpreter>();
  private watcher: FSWatcher | null = null;
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly listeners = new Set<(a: FlowActivation) => void>();

  constructor(
    private readonly dir: string,
    private readonly opts: LoadFlowOptions,
    private readonly log: Logger,
  ) {}

  /** Loads every *.yaml in the directory; returns what happened to each file. */
  loadAll(): FlowActivation[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => this.load(join(this.dir, f)));
  }

  /** Loads one file and activates it when valid; a bad file leaves the running version in place. */
  load(file: string): FlowActivation {
    const result = loadFlowFile(file, this.opts);
    if (!result.ok) {
      const running = this.byFile.get(file);
      this.log.error({ file, errors: result.errors, keeps: running?.flow.version ?? null }, 'flow rejected; the running version stays');
      return this.emit({ file, ok: false, errors: result.errors });
    }
    const previous = this.byFile.get(file);
    if (previous?.flow.version === result.flow.version) {
      return { file, ok: true, name: result.flow.name, version: result.flow.version };
    }
    this.byFile.set(file, interpreterFor(result.flow));
    this.rebuildNumbers();
    this.log.info({ file, flow: result.flow.name, version: result.flow.version, previous: previous?.flow.version ?? null }, 'flow activated');
    return this.emit({ file, ok: true, name: result.flow.name, version: result.flow.version, flow: result.flow });
  }

  private rebuildNumbers(): void {
    const next = new Map<string, Interpreter>();
    for (const interp of this.byFile.values()) for (const n of interp.flow.flow.entryNumbers) next.set(n, interp);
    this.byNumber = next;
  }

  private emit(a: FlowActivation): FlowActivation {
    for (const l of this.listeners) l(a);
    return a;
  }

  /** The interpreter of the flow bound to an entry number, if any. */
  forNumber(number: string): Interpreter | undefined {
    return this.byNumber.get(number);
  }

  /** The live interpreter of the flow with this name (agentless campaigns run flows by name). */
  forName(name: string): Interpreter | undefined {
    for (const interp of this.byFile.values()) if (interp.flow.name === name) return interp;
    return undefined;
  }

  /** Hears every activation and rejection (tests, metrics). */
  onActivation(listener: (a: FlowActivation) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Watches the directory; editors write in bursts, so a change is loaded once it has settled. */
  watch(settleMs = 150): void {
    if (this.watcher || !existsSync(this.dir)) return;
    this.watcher = watch(this.dir, (_event, name) => {
      if (!name || !/\.ya?ml$/.test(name)) return;
      const file = join(this.dir, name);
      const t = this.pending.get(file);
      if (t) clearTimeout(t);
      this.pending.set(
        file,
        setTimeout(() => {
          this.pending.delete(file);
          if (existsSync(file)) this.load(file);
        }, settleMs),
      );
    });
  }

  /** Stops watching. */
  close(): void {
    this.watcher?.close();
    this.watcher = null;
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }
}
