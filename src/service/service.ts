/**
 * The composition root: builds the store, the telephony port and every part that runs calls, and wires them
 * together. It decides nothing; behaviour lives in the rooms it composes.
 */
import type { Logger } from 'pino';
import { outcomeForLabel } from '../announcements/announcement-outcome.js';
import { AcdRunner } from '../acd/acd-runner.js';
import { loadStoredAgents, pushStoredAgents } from '../acd/agent-admin.js';
import type { TelephonyPort } from '../ari/port.js';
import { CallReconciler } from '../calls/call-reconciler.js';
import { celFileOf, readChannelTraces } from '../calls/channel-trace-file.js';
import { CallRecorder } from '../calls/call-recorder.js';
import { LiveCalls, type LiveCall } from '../calls/live-calls.js';
import { outboundCaller } from '../calls/outbound-call.js';
import { systemClock, type Clock } from '../clock.js';
import { labRootOf } from '../config/lab-root.js';
import { labCelPath } from '../config/lab-cel-path.js';
import type { Config } from '../config/schema.js';
import { scheduleCampaignCron } from '../dialer/campaign-cron.js';
import { attemptOutcome } from '../dialer/attempt-outcome.js';
import { hearingWiring } from './hearing-wiring.js';
import { DialerEngine } from '../dialer/dialer-engine.js';
import { HealthMonitor } from '../health/health.js';
import { createMetrics } from '../health/metrics.js';
import { registerNodeMetrics } from '../health/node-metrics.js';
import { buildTelephony } from './node-ports.js';
import { serviceEdge } from './edge-wiring.js';
import { defined } from '../defined.js';
import { FlowRegistry } from '../ivr/flow-registry.js';
import type { IvrRunnerDeps } from '../ivr/ivr-runner.js';
import { flowTtsPieces } from '../ivr/prewarm-prompts.js';
import { createLogger } from '../log/logger.js';
import { PromptWarmer } from '../prompts/prompt-warmer.js';
import { resolveMedia } from '../prompts/resolve-media.js';
import { CallRecordings } from '../recordings/call-recordings.js';
import { recordingsDirOf } from '../recordings/recording-mode.js';
import { scheduleRetention } from '../recordings/retention.js';
import { CallRouting } from '../routing/call-routing.js';
import { AgentsRepo } from '../store/agents-repo.js';
import { AttemptsRepo } from '../store/attempts-repo.js';
import { CallbacksRepo } from '../store/callbacks-repo.js';
import { CallsRepo } from '../store/calls-repo.js';
import { storeOf } from '../store/store.js';
import { CampaignsRepo } from '../store/campaigns-repo.js';
import { openDb } from '../store/db.js';
import { DialRefusalsRepo } from '../store/dial-refusals-repo.js';
import { DncRepo } from '../store/dnc-repo.js';
import { LeadsRepo } from '../store/leads-repo.js';
import { PacingRepo } from '../store/pacing-repo.js';
import { RecordingsRepo } from '../store/recordings-repo.js';
import { WrapUpsRepo } from '../store/wrap-ups-repo.js';
import { CallerListsRepo } from '../store/caller-lists-repo.js';
import { CallerLists } from '../desk/caller-lists.js';
import type { ListLookup } from '../ivr/conditions.js';
import { BrowserPhones } from '../phone/browser-phones.js';
import { CallHolds } from '../calls/call-holds.js';
import { createCallTransfers } from '../calls/call-transfers-wiring.js';
import { CallSupervision } from '../calls/call-supervision.js';

export type { Health } from '../health/health.js';

export interface ServiceDeps {
  logger?: Logger;
  clock?: Clock;
  /** Another TelephonyPort (an adapter test's stub); the service uses ARI otherwise. */
  port?: TelephonyPort;
  /** The time IVR flows see (business hours, holidays); tests set it to a chosen moment. Defaults to the clock. */
  flowNow?: () => number;
  /** The dialer's time (windows, retries, callbacks, its stamps and timers' ages); tests move it. Defaults to the clock. */
  dialerNow?: () => number;
}

/** Builds the service: store, telephony port, call recorder, handlers and reconciliation. Nothing runs until start(). */
export function createService(config: Config, deps: ServiceDeps = {}) {
  const clock = deps.clock ?? systemClock;
  const log = deps.logger ?? createLogger(config.service.logLevel);
  const db = openDb(config.store.path);
  const announcements = storeOf(db).announcements;
  const hearingWires = hearingWiring(config, announcements);
  const repo = new CallsRepo(db, clock, config.store.flushMs, (err) => log.error({ err }, 'call record write failed; will retry'));
  const calls = new LiveCalls();
  const metrics = createMetrics(() => calls.size);
  // One node (the default) is today's single AriTelephony; several get one connection each (issue 14).
  const telephony = deps.port === undefined ? buildTelephony(config, log, clock) : { port: deps.port };
  const port: TelephonyPort = telephony.port;
  if (telephony.nodeStates !== undefined) registerNodeMetrics(metrics.registry, telephony.nodeStates);
  const recorder = new CallRecorder({ port, repo, calls, metrics, log, clock, shortCallS: config.telephony.shortCallS, ...defined({ nodeOf: telephony.nodeOf }) });
  const callbacks = new CallbacksRepo(db);
  // A flow that queues to a group the ACD does not have is refused at load, before it can strand a caller.
  // VIP and blocked callers kept through the API; the flows' lists of those names also hold them (issue 15 item 5).
  const callerLists = new CallerLists(new CallerListsRepo(db), (fn) => db.transaction(fn)());
  // Includes stay inside ivr.dir: a flow file (or an uploaded flow) cannot read anything else on the server.
  const flowOptions = { promptsDir: config.prompts.dir, includeRoot: config.ivr.dir, live: callerLists as ListLookup, ...(config.acd.groups.length ? { knownGroups: config.acd.groups.map((g) => g.id) } : {}) };
  const flows = new FlowRegistry(config.ivr.dir, flowOptions, log.child({ component: 'ivr' }));
  const promptBaseUrl = (): string => config.prompts.baseUrl ?? `http://${config.service.host}:${config.service.port}`;
  const prompts = { promptsDir: config.prompts.dir, baseUrl: promptBaseUrl };
  const campaigns = new CampaignsRepo(db);
  const attempts = new AttemptsRepo(db);
  const recordingsRepo = new RecordingsRepo(db);
  const recordingsDir = recordingsDirOf(config.recordings, labRootOf(config.lab.dir));
  const recordings = new CallRecordings({
    port,
    recordings: recordingsRepo,
    calls: repo,
    attempts,
    campaigns,
    settings: config.recordings,
    dir: recordingsDir,
    clock,
    log: log.child({ component: 'recordings' }),
  });
  const wrapUps = new WrapUpsRepo(db);
  // Issue 13: agents' browser phones; the ACD rings the one the agent chose.
  const phones = new BrowserPhones({ port, clock, log: log.child({ component: 'phone' }), settings: config.phone.browser });
  const holds = new CallHolds({ port, conversation: (id) => recordings.conversation(id), clock, log: log.child({ component: 'hold' }) });
  const supervision = new CallSupervision({
    port,
    conversation: (id) => recordings.conversation(id),
    clock,
    log: log.child({ component: 'supervision' }),
    // Issue 13: every stop is in the audit log, a hang-up's too (the API's stop audits itself).
    onEnded: (e) =>
      storeOf(db).audit.record(
        { name: 'system' },
        { action: 'call.monitor.stop', entity: 'call', entityId: e.channelId, summary: `ended (${e.why}) on agent ${e.agentId}`, after: { mode: null, agentId: e.agentId, endpoint: e.endpoint, why: e.why } },
        clock.now(),
      ),
  });
  const acd = new AcdRunner({
    port,
    recorder,
    repo,
    callbacks,
    clock,
    log: log.child({ component: 'acd' }),
    config: config.acd,
    wrapUpRequired: config.desk.wrapUpRequired,
    wrappedUp: (channelId) => wrapUps.byCall(channelId) !== undefined,
    callerId: config.telephony.callerId,
    ...prompts,
    onBridged: (b) => recordings.bridged(b),
    dialStringOf: (agentId) => phones.dialStringOf(agentId),
    holdMsOf: (channelId, endedAt) => holds.takeHoldMs(channelId, endedAt),
  });
  // The ACD's agents: the config's (logged in and ready) and those created through the API (logged out).
  const agentsRepo = new AgentsRepo(db);
  const configAgentIds: ReadonlySet<string> = new Set(config.acd.agents.map((a) => a.id));
  loadStoredAgents({ agents: agentsRepo, acd, configAgentIds, log: log.child({ component: 'acd' }) });
  const { edge, edgeWatch } = serviceEdge(config.edge, { agents: agentsRepo, configAgentIds, clock, log, registry: metrics.registry });
  const ivrDeps: IvrRunnerDeps = {
    port,
    recorder,
    repo,
    callbacks,
    clock: { ...clock, now: deps.flowNow ?? (() => clock.now()) },
    ...prompts,
    trunk: config.telephony.trunk,
    callerId: config.telephony.callerId,
    transferTimeoutS: config.ivr.transferTimeoutS,
    oneRingS: config.ivr.oneRingS,
    callBackNonRegular: config.ivr.callBackNonRegular,
    observeDtmfToPrompt: (s: number) => metrics.dtmfToPrompt.observe(s),
    queue: (call: LiveCall, group: string, priority: number) => acd.enqueue(call, group, priority),
  };
  const routing = new CallRouting({
    port,
    recorder,
    calls,
    repo,
    flowForNumber: (n) => flows.forNumber(n),
    ivr: ivrDeps,
    welcomeSound: config.telephony.welcomeSound,
  });
  const leads = new LeadsRepo(db);
  // Asterisk's own record of each channel: a restart reads how the channels it missed ended (issue 17 items 8, 9).
  const celFile = celFileOf(config.telephony.celFile, config.lab.dir, labCelPath(config));
  const channelTraces = () => readChannelTraces(celFile);
  const dnc = new DncRepo(db);
  // Issue 13: transfers and the three-way conference on the conversation's bridge.
  const transfers = createCallTransfers({ port, recorder, recordings, holds, acd, acdConfig: config.acd, calls, repo, attempts, dnc, db, dialStringOf: (id) => phones.dialStringOf(id), trunk: config.telephony.trunk, callerId: config.telephony.callerId, clock, log: log.child({ component: 'transfer' }) });
  const dialer = new DialerEngine({
    campaigns,
    leads,
    attempts,
    dnc,
    recorder,
    agents: acd,
    pacing: new PacingRepo(db),
    // One clock for the dialer; a test that moves the schedule's time moves the whole dialer's.
    clock: deps.dialerNow ? { ...clock, now: deps.dialerNow } : clock,
    ivrCallbacks: { repo: callbacks, campaign: config.dialer.callbacks.campaign, group: config.dialer.callbacks.group },
    connected: () => port.connected,
    channelExists: async (id) => (await port.channel(id)) !== null,
    channelTraces,
    shortCallS: config.telephony.shortCallS,
    hangup: (id) => port.hangup(id),
    log: log.child({ component: 'dialer' }),
    tickMs: config.dialer.tickMs,
    policy: { rules: config.dialPolicy, refusals: new DialRefusalsRepo(db) },
    call: {
      port,
      recorder,
      acd,
      attempts,
      clock,
      dialerContext: config.telephony.dialerContext,
      flow: (name) => flows.forName(name),
      runFlow: (call, interp) => routing.runCampaignFlow(call, interp),
      agentOf: (channelId) => repo.get(channelId)?.agentId ?? null,
      speak: (text) => resolveMedia(prompts, [{ tts: { text, lang: 'zh' } }]),
      hearing: {
        ...hearingWires.shared,
        // The hearing is kept (a new announcement joins the labelling queue) and decides the attempt once its leg ends.
        onAnnouncement: (dial, _facts, decision) => {
          const label = hearingWires.keep(decision, { channelId: dial.channelId, number: dial.phone, campaignId: dial.campaignId, attemptId: dial.attemptId });
          const outcome = outcomeForLabel(label);
          dialer.inFlight.announced(dial.channelId, attemptOutcome({ leg: outcome, abandoned: false, connected: false, agentless: false, answeredFlow: false }));
          // The leg's call record says what was heard too, not the cause the carrier ended it with (as a test call's does).
          const live = calls.get(dial.channelId);
          if (live) live.announced = outcome;
        },
      },
    },
  });
  const reconciler = new CallReconciler({
    port,
    calls,
    repo,
    recorder,
    clock,
    rule: config.ari.orphanRule,
    channelTraces,
    log,
    restartEntry: (channelId, answered) => routing.routeInbound(channelId, answered),
  });
  const warmer = new PromptWarmer({ promptsDir: config.prompts.dir, clock, log });
  const health = new HealthMonitor({ port, db, ariUrl: config.ari.url, metrics, inProgress: () => calls.size, ...defined({ nodes: telephony.nodeStates, edge: edgeWatch && (() => edgeWatch.state()) }) });
  const stops: Array<() => void> = [];

  // Every TTS prompt of a new flow version is made when it goes live, so no caller waits for espeak.
  stops.push(
    flows.onActivation((a) => {
      if (a.flow) warmer.warm(flowTtsPieces(a.flow), a.flow);
    }),
  );

  async function start(): Promise<void> {
    flows.loadAll();
    if (config.ivr.watch) flows.watch();
    stops.push(() => flows.close());
    stops.push(() => acd.close());
    stops.push(() => recordings.close());
    stops.push(scheduleRetention({ recordings: recordingsRepo, retentionDays: config.recordings.retentionDays, purgeHour: config.recordings.purgeHour, clock, log: log.child({ component: 'retention' }) }));
    // The recorder hears a call arrive before routing does: it makes the live call routing starts a handler on.
    stops.push(recorder.start());
    if (config.dialer.enabled) {
      dialer.start();
      stops.push(() => dialer.stop());
      stops.push(scheduleCampaignCron(dialer, log.child({ component: 'campaign-cron' })));
    }
    stops.push(routing.listen());
    stops.push(health.listen());
    stops.push(
      reconciler.listen(
        config.dialer.enabled ? () => dialer.reconcile().catch((err) => log.error({ err }, 'dialer reconciliation failed')) : undefined,
      ),
    );
    stops.push(
      port.onConnection((e) => {
        // API agents' phones live in Asterisk's memory only: after an Asterisk restart they are there again only once pushed.
        if (e.type === 'connected') void pushStoredAgents({ agents: agentsRepo, port, edge, configAgentIds, log: log.child({ component: 'acd' }) });
        if (e.type === 'connected') void phones.pushAll();
      }),
    );
    stops.push(() => phones.close());
    if (edgeWatch) stops.push(edgeWatch.start());
    await port.start();
  }

  async function stop(): Promise<void> {
    // Calls stay up in Asterisk: the next run reconciles them. Only our side closes.
    await port.stop();
    for (const s of stops.splice(0)) s();
    await reconciler.settled();
    repo.flush();
    db.close();
  }

  /** Places one outbound call through the configured trunk; resolves with its channel id once dialing. */
  // The test call is heard like a campaign dial: an announced number reports the announcement (issue 11).
  const originate = outboundCaller(port, recorder, config.telephony, {
    clock,
    ...hearingWires.shared,
    onAnnouncement: (channelId, number, decision) => hearingWires.keep(decision, { channelId, number, campaignId: null, attemptId: null }),
  });

  return { edge, edgeWatch, phones, holds, transfers, supervision, config, log, clock, db, repo, callbacks, callerLists, recordings, recordingsRepo, recordingsDir, agentsRepo, configAgentIds, campaigns, leads, attempts, dnc, dialer, calls, port, metrics, recorder, flows, flowOptions, acd, promptsReady: () => warmer.ready(), start, stop, health: () => health.report(), originate, promptBaseUrl, reconcile: () => reconciler.run() };
}

export type Service = ReturnType<typeof createService>;
