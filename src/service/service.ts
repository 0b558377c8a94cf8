import type { Logger } from 'pino';
import { AriTelephony } from '../ari/ari-telephony.js';
import type { TelephonyPort } from '../ari/port.js';
import { CallRecorder } from '../calls/call-recorder.js';
import { runInboundWelcome } from '../calls/inbound-welcome.js';
import { LiveCalls, type LiveCall as LiveCallT } from '../calls/live-calls.js';
import { placeOutboundCall } from '../calls/outbound-call.js';
import { planReconcile } from '../calls/reconcile-plan.js';
import { systemClock, type Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import { isHotlineError } from '../errors.js';
import { createLogger } from '../log/logger.js';
import { CallsRepo } from '../store/calls-repo.js';
import { dbHealthy, openDb } from '../store/db.js';
import { createMetrics } from './metrics.js';
import { AcdRunner } from '../acd/acd-runner.js';
import { loadStoredAgents, pushStoredAgents } from '../acd/agent-admin.js';
import { FlowRegistry } from '../ivr/flow-registry.js';
import { IvrCallRunner, resolveMedia } from '../ivr/ivr-runner.js';
import { flowTtsPieces } from '../ivr/prewarm-prompts.js';
import { ttsPrompt } from '../prompts/tts-cache.js';
import { CallbacksRepo } from '../store/callbacks-repo.js';
import { DialerEngine } from '../dialer/dialer-engine.js';
import { PacingRepo } from '../store/pacing-repo.js';
import { scheduleCampaignCron } from '../dialer/campaign-cron.js';
import { AttemptsRepo } from '../store/attempts-repo.js';
import { CampaignsRepo } from '../store/campaigns-repo.js';
import { DncRepo } from '../store/dnc-repo.js';
import { LeadsRepo } from '../store/leads-repo.js';
import { labPaths } from '../lab/paths.js';
import { CallRecordings } from '../recordings/call-recordings.js';
import { recordingsDirOf } from '../recordings/recording-mode.js';
import { scheduleRetention } from '../recordings/retention.js';
import { RecordingsRepo } from '../store/recordings-repo.js';
import { AgentsRepo } from '../store/agents-repo.js';

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

export interface Health {
  ok: boolean;
  ari: { connected: boolean; url: string };
  db: { ok: boolean };
  asterisk: { version: string | null };
  calls: { inProgress: number };
}

/** Builds the service: store, telephony port, call recorder, handlers and reconciliation. Nothing runs until start(). */
export function createService(config: Config, deps: ServiceDeps = {}) {
  const clock = deps.clock ?? systemClock;
  const log = deps.logger ?? createLogger(config.service.logLevel);
  const db = openDb(config.store.path);
  const repo = new CallsRepo(db, clock, config.store.flushMs, (err) => log.error({ err }, 'call record write failed; will retry'));
  const calls = new LiveCalls();
  const metrics = createMetrics(() => calls.size);
  const port: TelephonyPort =
    deps.port ??
    new AriTelephony({
      url: config.ari.url,
      username: config.ari.username,
      password: config.ari.password,
      app: config.ari.app,
      reconnect: config.ari.reconnect,
      pingIntervalMs: config.ari.pingIntervalMs,
      dialerContext: config.telephony.dialerContext,
      logger: log,
      clock,
    });
  const recorder = new CallRecorder({ port, repo, calls, metrics, log, clock, shortCallS: config.telephony.shortCallS });
  const callbacks = new CallbacksRepo(db);
  // A flow that queues to a group the ACD does not have is refused at load, before it can strand a caller.
  const flowOptions = { promptsDir: config.prompts.dir, ...(config.acd.groups.length ? { knownGroups: config.acd.groups.map((g) => g.id) } : {}) };
  const flows = new FlowRegistry(config.ivr.dir, flowOptions, log.child({ component: 'ivr' }));
  const promptBaseUrl = (): string => config.prompts.baseUrl ?? `http://${config.service.host}:${config.service.port}`;
  const flowNow = deps.flowNow ?? (() => clock.now());
  const campaigns = new CampaignsRepo(db);
  const attempts = new AttemptsRepo(db);
  const recordingsRepo = new RecordingsRepo(db);
  const recordingsDir = recordingsDirOf(config.recordings, labPaths(config).root);
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
  const acd = new AcdRunner({
    port,
    recorder,
    repo,
    callbacks,
    clock,
    log: log.child({ component: 'acd' }),
    config: config.acd,
    callerId: config.telephony.callerId,
    promptsDir: config.prompts.dir,
    baseUrl: promptBaseUrl,
    onBridged: (b) => recordings.bridged(b),
  });
  // The ACD's agents: the config's (logged in and ready) and those created through the API (logged out).
  const agentsRepo = new AgentsRepo(db);
  const configAgentIds: ReadonlySet<string> = new Set(config.acd.agents.map((a) => a.id));
  loadStoredAgents({ agents: agentsRepo, acd, configAgentIds, log: log.child({ component: 'acd' }) });
  const ivrDeps = {
    port,
    recorder,
    repo,
    callbacks,
    clock: { ...clock, now: flowNow },
    promptsDir: config.prompts.dir,
    baseUrl: promptBaseUrl,
    trunk: config.telephony.trunk,
    callerId: config.telephony.callerId,
    transferTimeoutS: config.ivr.transferTimeoutS,
    oneRingS: config.ivr.oneRingS,
    callBackNonRegular: config.ivr.callBackNonRegular,
    observeDtmfToPrompt: (s: number) => metrics.dtmfToPrompt.observe(s),
    queue: (call: LiveCallT, group: string, priority: number) => acd.enqueue(call, group, priority),
  };
  const leads = new LeadsRepo(db);
  const dnc = new DncRepo(db);
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
    hangup: (id) => port.hangup(id),
    log: log.child({ component: 'dialer' }),
    tickMs: config.dialer.tickMs,
    call: {
      port,
      recorder,
      acd,
      attempts,
      clock,
      dialerContext: config.telephony.dialerContext,
      flow: (name) => flows.forName(name),
      runFlow: (call, interp) => {
        call.handlerStarted = true;
        const row = repo.get(call.channelId);
        return new IvrCallRunner(ivrDeps, interp, call).start(row?.callerNumber ?? '', row?.calledNumber ?? '', true);
      },
      agentOf: (channelId) => repo.get(channelId)?.agentId ?? null,
      speak: (text) => resolveMedia({ promptsDir: config.prompts.dir, baseUrl: promptBaseUrl }, [{ tts: { text, lang: 'zh' } }]),
    },
  });
  let dialerReconciled = false;
  let asteriskVersion: string | null = null;
  let reconciling: Promise<void> | null = null;
  const stops: Array<() => void> = [];

  /** Starts the entry handler: the flow bound to the dialed number, or the skeleton's welcome when none is. */
  const welcome = (channelId: string, resumed: boolean) => {
    const call = calls.get(channelId);
    if (!call || call.handlerStarted) return;
    call.handlerStarted = true;
    const row = repo.get(channelId);
    const interp = flows.forNumber(row?.entryNumber ?? row?.calledNumber ?? '');
    if (interp) {
      const runner = new IvrCallRunner(ivrDeps, interp, call);
      runner.start(row?.callerNumber ?? '', row?.entryNumber ?? '', resumed).catch((err) => call.log.error({ err }, 'IVR start failed'));
      return;
    }
    void runInboundWelcome(port, recorder, call, { welcomeSound: config.telephony.welcomeSound, resumed });
  };

  async function reconcile(): Promise<void> {
    // What we know is taken before asking Asterisk: a call that starts meanwhile is not ours to judge,
    // and neither is a leg whose originate request is still in flight.
    const inFlight = calls.originatingIds();
    const live = calls.ids().filter((id) => !inFlight.has(id));
    const openRows = repo.openCalls().filter((r) => !inFlight.has(r.channelId));
    const [owned, bridged] = await Promise.all([port.appChannels(), port.bridgedChannels()]);
    const actions = planReconcile({ appChannels: owned, bridged, live, openRows, rule: config.ari.orphanRule });
    const now = clock.now();
    for (const a of actions) {
      if (a.kind === 'keep') continue;
      let row = repo.get(a.channelId);
      if (a.kind === 'close-lost') {
        if (row) recorder.closeLost(row, now);
        else calls.remove(a.channelId);
        continue;
      }
      if (!row) {
        const snap = await port.channel(a.channelId);
        if (!snap) continue;
        repo.insert({
          channelId: snap.id,
          direction: 'inbound',
          startedAt: snap.createdAt || now,
          ringAt: snap.createdAt || now,
          callerNumber: snap.callerNumber,
          calledNumber: snap.calledNumber,
          entryNumber: snap.calledNumber,
          answeredAt: snap.state === 'Up' ? now : null,
        });
        row = repo.get(a.channelId);
        if (!row) continue;
      }
      const call = recorder.adoptFromRow(row, a.kind);
      call.log.info({ action: a.kind }, 'reconciled after (re)connect');
      if (a.kind === 'restart-entry') welcome(a.channelId, row.answeredAt !== null);
      if (a.kind === 'hangup') {
        recorder.markHangupByUs(a.channelId);
        await port.hangup(a.channelId).catch((err) => {
          if (!isHotlineError(err, 'CHANNEL_GONE')) call.log.warn({ err }, 'reconcile hang-up failed');
        });
      }
    }
    if (actions.length) log.info({ actions: actions.length }, 'reconciliation done');
  }

  function runReconcile(): Promise<void> {
    // One at a time: a flapping socket must not run two reconciliations over the same rows.
    reconciling ??= reconcile()
      .catch((err) => log.error({ err }, 'reconciliation failed'))
      .finally(() => {
        reconciling = null;
      });
    return reconciling;
  }

  // Every TTS prompt of a new flow version is made when it goes live, so no caller waits for espeak.
  let promptsReady: Promise<void> = Promise.resolve();
  stops.push(
    flows.onActivation((a) => {
      const flow = a.flow;
      if (!flow) return;
      promptsReady = promptsReady.then(async () => {
        const t0 = clock.now();
        const pieces = flowTtsPieces(flow);
        for (const p of pieces) {
          await ttsPrompt(config.prompts.dir, p.text, p.lang).catch((err) => log.warn({ err, flow: flow.name }, 'TTS prompt failed'));
        }
        log.info({ flow: flow.name, version: flow.version, prompts: pieces.length, ms: clock.now() - t0 }, 'flow prompts ready');
      });
    }),
  );

  async function start(): Promise<void> {
    flows.loadAll();
    if (config.ivr.watch) flows.watch();
    stops.push(() => flows.close());
    stops.push(() => acd.close());
    stops.push(() => recordings.close());
    stops.push(scheduleRetention({ recordings: recordingsRepo, retentionDays: config.recordings.retentionDays, purgeHour: config.recordings.purgeHour, clock, log: log.child({ component: 'retention' }) }));
    stops.push(recorder.start());
    if (config.dialer.enabled) {
      dialer.start();
      stops.push(() => dialer.stop());
      stops.push(scheduleCampaignCron(dialer, log.child({ component: 'campaign-cron' })));
    }
    stops.push(
      port.onEvent((e) => {
        if (e.type === 'call-arrived' && e.args[0] === 'inbound') welcome(e.channelId, false);
      }),
    );
    stops.push(
      port.onConnection((e) => {
        metrics.ariConnected.set(e.type === 'connected' ? 1 : 0);
        if (e.type !== 'connected') return;
        if (e.reconnect) metrics.ariReconnects.inc();
        // The dialer settles attempts a previous run left open once, after the calls themselves are reconciled.
        void runReconcile().then(async () => {
          if (dialerReconciled || !config.dialer.enabled) return;
          dialerReconciled = true;
          await dialer.reconcile().catch((err) => log.error({ err }, 'dialer reconciliation failed'));
        });
        // API agents' phones live in Asterisk's memory only: after an Asterisk restart they are there again only once pushed.
        void pushStoredAgents({ agents: agentsRepo, port, configAgentIds, log: log.child({ component: 'acd' }) });
        port
          .asteriskVersion()
          .then((v) => (asteriskVersion = v))
          .catch(() => undefined);
      }),
    );
    await port.start();
  }

  async function stop(): Promise<void> {
    // Calls stay up in Asterisk: the next run reconciles them. Only our side closes.
    await port.stop();
    for (const s of stops.splice(0)) s();
    await reconciling;
    repo.flush();
    db.close();
  }

  function health(): Health {
    const dbOk = dbHealthy(db);
    return {
      ok: port.connected && dbOk,
      ari: { connected: port.connected, url: config.ari.url },
      db: { ok: dbOk },
      asterisk: { version: port.connected ? asteriskVersion : null },
      calls: { inProgress: calls.size },
    };
  }

  /** Places one outbound call through the configured trunk; resolves with its channel id once dialing. */
  function originate(number: string, opts: { amd?: boolean; campaignId?: number; leadId?: number } = {}): Promise<string> {
    return placeOutboundCall(port, recorder, {
      number,
      amd: opts.amd ?? true,
      trunk: config.telephony.trunk,
      callerId: config.telephony.callerId,
      timeoutS: config.telephony.originateTimeoutS,
      dialerContext: config.telephony.dialerContext,
      greeting: config.telephony.welcomeSound,
      ...(opts.campaignId !== undefined ? { campaignId: opts.campaignId } : {}),
      ...(opts.leadId !== undefined ? { leadId: opts.leadId } : {}),
    });
  }

  return { config, log, clock, db, repo, callbacks, recordings, recordingsRepo, recordingsDir, agentsRepo, configAgentIds, campaigns, leads, attempts, dnc, dialer, calls, port, metrics, recorder, flows, flowOptions, acd, promptsReady: () => promptsReady, start, stop, health, originate, promptBaseUrl, reconcile: runReconcile };
}

export type Service = ReturnType<typeof createService>;
