/**
 * One step's working context: a private copy of the state and the commands emitted so far. Node handlers change
 * both through it; `step` hands the result back, so the interpreter stays a pure function of its inputs.
 */
import { defined } from '../defined.js';
import type { IvrCommand, IvrEvent, Media } from './commands.js';
import type { EndedIn, FlowNode, NodeOf, NodeType, Prompt, ValueSource } from './flow-schema.js';
import type { Continuation, IvrState } from './ivr-state.js';
import type { LoadedFlow } from './loaded-flow.js';
import { promptMedia } from './prompt-media.js';

/** What a node type does when entered, and with the events that reach it while it is current. */
export interface NodeHandler<T extends NodeType> {
  enter(run: Run, node: NodeOf<T>): void;
  on(run: Run, node: NodeOf<T>, event: IvrEvent): void;
}
export type NodeHandlers = { readonly [T in NodeType]: NodeHandler<T> };

// Validation rejects loops that take no input; these bounds only stop a runaway the validator did not foresee.
const MAX_HOPS_PER_STEP = 64;
const MAX_SUBFLOW_DEPTH = 16;

export class Run {
  readonly commands: IvrCommand[] = [];
  private hops = 0;

  constructor(
    readonly flow: LoadedFlow,
    readonly s: IvrState,
    readonly now: number,
    private readonly handlers: NodeHandlers,
  ) {}

  /** The node the call is at. */
  current(): FlowNode {
    const scope = this.s.scope === '' ? this.flow.flow : this.flow.flow.subflows[this.s.scope]!;
    return scope.nodes[this.s.node]!;
  }

  /** The call's variables with the built-in ones. */
  vars(): Record<string, string> {
    return { ...this.s.vars, callerNumber: this.s.callerNumber, calledNumber: this.s.calledNumber, language: this.s.language };
  }

  value(v: ValueSource): string {
    return typeof v === 'string' ? v : (this.vars()[v.var] ?? '');
  }

  speak(prompt: Prompt | undefined): Media[] {
    return promptMedia(prompt, { language: this.s.language, flowLanguage: this.flow.flow.language, vars: this.vars(), timezone: this.flow.flow.timezone });
  }

  nextId(prefix: string): string {
    this.s.seq += 1;
    return `${prefix}${this.s.seq}`;
  }

  emit(command: IvrCommand): void {
    this.commands.push(command);
  }

  log(note?: string, key?: string): void {
    const node = this.s.scope === '' ? this.s.node : `${this.s.scope}/${this.s.node}`;
    this.emit({ type: 'log-path', node, ...defined({ key, note }) });
  }

  /** Starts playing; false (and nothing played) when there is nothing to play. */
  play(media: Media[], bargeIn: boolean): boolean {
    if (media.length === 0) return false;
    const id = this.nextId('p');
    this.emit({ type: 'play', id, media, bargeIn });
    this.s.playing = id;
    return true;
  }

  stopPlaying(): void {
    if (this.s.playing === undefined) return;
    this.emit({ type: 'stopPlayback', id: this.s.playing });
    delete this.s.playing;
  }

  startTimer(seconds: number): void {
    this.cancelTimer();
    const id = this.nextId('t');
    this.emit({ type: 'startTimer', id, ms: Math.round(seconds * 1000) });
    this.s.timer = id;
  }

  cancelTimer(): void {
    if (this.s.timer === undefined) return;
    this.emit({ type: 'cancelTimer', id: this.s.timer });
    delete this.s.timer;
  }

  /** Moves to a node of the current scope. */
  goto(target: string): void {
    this.enter(this.s.scope, target);
  }

  enter(scope: string, id: string): void {
    if (this.s.status === 'ended') return;
    this.hops += 1;
    if (this.hops > MAX_HOPS_PER_STEP) {
      this.log('runaway: too many nodes without input');
      this.finish('failed', true);
      return;
    }
    // A node owns at most one playback and one timer; whatever the previous node left running ends here.
    this.stopPlaying();
    this.cancelTimer();
    delete this.s.pending;
    delete this.s.then;
    Object.assign(this.s, { scope, node: id, sub: 'enter', digits: '' });
    this.log();
    const node = this.current();
    (this.handlers[node.type] as NodeHandler<NodeType>).enter(this, node);
  }

  callSubflow(name: string): void {
    if (this.s.stack.length >= MAX_SUBFLOW_DEPTH) {
      this.log('subflows nested too deep');
      this.finish('failed', true);
      return;
    }
    this.s.stack.push({ scope: this.s.scope, node: this.s.node });
    this.enter(name, this.flow.flow.subflows[name]!.start);
  }

  returnFromSubflow(): void {
    const frame = this.s.stack.pop();
    if (frame === undefined) {
      this.finish('failed', true);
      return;
    }
    const scope = frame.scope === '' ? this.flow.flow : this.flow.flow.subflows[frame.scope]!;
    const caller = scope.nodes[frame.node] as NodeOf<'subflow'>;
    this.enter(frame.scope, caller.next);
  }

  /** Plays a message without barge-in, then carries on; straight on when there is nothing to play. */
  notice(media: Media[], then: Continuation): void {
    if (!this.play(media, false)) {
      this.carryOn(then);
      return;
    }
    this.s.sub = 'notice';
    this.s.then = then;
  }

  carryOn(then: Continuation): void {
    if (then.kind === 'goto') this.goto(then.target);
    else this.finish(then.endedIn, true);
  }

  /** The IVR is done with the call; `hangup` when the flow (not the caller, a transfer or an agent) ends it. */
  finish(endedIn: EndedIn, hangup: boolean): void {
    if (this.s.status === 'ended') return;
    this.cancelTimer();
    if (hangup) this.emit({ type: 'hangup', reason: 'normal' });
    this.emit({ type: 'end', endedIn, keys: this.s.keys });
    this.s.status = 'ended';
    this.s.endedIn = endedIn;
    delete this.s.playing;
    delete this.s.pending;
  }

  /** Hands an event to the current node's handler. */
  dispatch(event: IvrEvent): void {
    const node = this.current();
    (this.handlers[node.type] as NodeHandler<NodeType>).on(this, node, event);
  }
}
