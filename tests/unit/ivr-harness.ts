/** Drives the pure interpreter like a runner would, without timers or Asterisk: time is an argument. */
import { expect } from 'vitest';
import type { IvrCommand, IvrEvent } from '../../src/ivr/commands.js';
import { flowSchema } from '../../src/ivr/flow-schema.js';
import { step } from '../../src/ivr/interpreter.js';
import { initialState, type IvrState } from '../../src/ivr/ivr-state.js';
import { compileFlow, type LoadedFlow } from '../../src/ivr/loaded-flow.js';

/** An instant given as Shanghai wall-clock time. */
export const shanghai = (iso: string): number => Date.parse(`${iso}+08:00`);

/** A flow built from an object, bypassing file loading and graph validation (for runtime guards). */
export function flowFrom(raw: unknown, version = 'test'): LoadedFlow {
  return compileFlow(flowSchema.parse(raw), { version });
}

type Cmd<T extends IvrCommand['type']> = Extract<IvrCommand, { type: T }>;

export class TestCall {
  state: IvrState;
  /** Commands of the last step. */
  last: IvrCommand[] = [];
  readonly all: IvrCommand[] = [];

  constructor(
    readonly flow: LoadedFlow,
    public now: number,
  ) {
    this.state = initialState(flow);
  }

  send(event: IvrEvent): IvrCommand[] {
    const before = JSON.stringify(this.state);
    const r = step(this.flow, this.state, event, this.now);
    // Purity: the input state is never touched, and the new one survives a JSON round trip.
    expect(JSON.stringify(this.state)).toBe(before);
    this.state = JSON.parse(JSON.stringify(r.state)) as IvrState;
    this.last = r.commands;
    this.all.push(...r.commands);
    return r.commands;
  }

  start(callerNumber = '13800138000', calledNumber = '4008001234'): IvrCommand[] {
    return this.send({ type: 'start', callerNumber, calledNumber });
  }

  key(digit: string): IvrCommand[] {
    return this.send({ type: 'dtmf', digit });
  }

  keys(digits: string): IvrCommand[] {
    for (const d of digits) this.key(d);
    return this.last;
  }

  /** The playback in progress ends. */
  played(): IvrCommand[] {
    const id = this.state.playing;
    expect(id, `nothing is playing at ${this.state.node}`).toBeDefined();
    return this.send({ type: 'prompt-finished', id: id! });
  }

  /** The running timer fires (after its ms have passed on the test's clock). */
  timeout(): IvrCommand[] {
    const id = this.state.timer;
    expect(id, `no timer at ${this.state.node}`).toBeDefined();
    const started = this.all.filter((c): c is Cmd<'startTimer'> => c.type === 'startTimer').find((c) => c.id === id)!;
    this.now += started.ms;
    return this.send({ type: 'timer', id: id! });
  }

  /** Plays out prompts until the call waits for something else. */
  playAll(): IvrCommand[] {
    while (this.state.playing !== undefined && this.state.status === 'running') this.played();
    return this.last;
  }

  find<T extends IvrCommand['type']>(type: T, from: IvrCommand[] = this.last): Cmd<T> | undefined {
    return from.find((c): c is Cmd<T> => c.type === type);
  }

  get<T extends IvrCommand['type']>(type: T, from: IvrCommand[] = this.last): Cmd<T> {
    const c = this.find(type, from);
    expect(c, `no ${type} command in ${JSON.stringify(from)}`).toBeDefined();
    return c!;
  }

  /** Node ids in the order the call entered them. */
  path(): string[] {
    return this.all.filter((c): c is Cmd<'log-path'> => c.type === 'log-path' && c.key === undefined && c.note === undefined).map((c) => c.node);
  }

  /** Texts of the TTS pieces of the last play command. */
  spoken(from: IvrCommand[] = this.last): string[] {
    return this.get('play', from).media.map((m) => (typeof m === 'string' ? m : 'tts' in m ? m.tts.text : `file:${m.file}`));
  }

  ended(): Cmd<'end'> {
    expect(this.state.status).toBe('ended');
    return this.get('end', this.all);
  }
}
