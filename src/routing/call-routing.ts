import type { TelephonyPort, Unsubscribe } from '../ari/port.js';
import type { CallRecorder } from '../calls/call-recorder.js';
import { runInboundWelcome } from '../calls/inbound-welcome.js';
import type { LiveCall, LiveCalls } from '../calls/live-calls.js';
import type { Interpreter } from '../ivr/interpreter.js';
import { IvrCallRunner, type IvrRunnerDeps } from '../ivr/ivr-runner.js';
import type { CallsRepo } from '../store/calls-repo.js';

export interface CallRoutingDeps {
  port: TelephonyPort;
  recorder: CallRecorder;
  calls: LiveCalls;
  repo: CallsRepo;
  /** The live flow bound to an entry number, if any. */
  flowForNumber: (number: string) => Interpreter | undefined;
  ivr: IvrRunnerDeps;
  /** What the skeleton's welcome plays on a number no flow is bound to. */
  welcomeSound: string;
}

/**
 * Which handler runs a call: an inbound call gets the flow bound to the number it dialed, or the skeleton's welcome
 * when none is; a campaign call the dialer connects to a flow gets that flow. Each call gets one handler, once.
 */
export class CallRouting {
  constructor(private readonly d: CallRoutingDeps) {}

  /** Routes every inbound call as it arrives in the app. */
  listen(): Unsubscribe {
    return this.d.port.onEvent((e) => {
      if (e.type === 'call-arrived' && e.args[0] === 'inbound') this.routeInbound(e.channelId, false);
    });
  }

  /** Starts an inbound call's entry handler; `resumed` when a restarted service takes the call back mid-way. */
  routeInbound(channelId: string, resumed: boolean): void {
    const call = this.d.calls.get(channelId);
    if (!call || call.handlerStarted) return;
    call.handlerStarted = true;
    const row = this.d.repo.get(channelId);
    const interp = this.d.flowForNumber(row?.entryNumber ?? row?.calledNumber ?? '');
    if (interp) {
      const runner = new IvrCallRunner(this.d.ivr, interp, call);
      runner.start(row?.callerNumber ?? '', row?.entryNumber ?? '', resumed).catch((err) => call.log.error({ err }, 'IVR start failed'));
      return;
    }
    void runInboundWelcome(this.d.port, this.d.recorder, call, { welcomeSound: this.d.welcomeSound, resumed });
  }

  /** Runs an answered campaign call through a flow (the dialer's `runFlow`). */
  runCampaignFlow(call: LiveCall, interp: Interpreter): Promise<void> {
    call.handlerStarted = true;
    const row = this.d.repo.get(call.channelId);
    return new IvrCallRunner(this.d.ivr, interp, call).start(row?.callerNumber ?? '', row?.calledNumber ?? '', true);
  }
}
