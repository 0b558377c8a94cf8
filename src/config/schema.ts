import { IANAZone } from 'luxon';
import { z } from 'zod';
import { acdConfigSchema } from '../acd/acd-config.js';
import { hearingOptionsSchema } from '../announcements/hearing-settings.js';
import { dialPolicySchema } from '../dialer/dial-policy-settings.js';
import { legHearingSettings } from '../dialer/leg-hearing-settings.js';
import { trunkName } from '../dialer/trunk-name.js';
import { deskConfigSchema } from '../desk/desk-config.js';
import { edgeSchema, nodesSchema } from './nodes.js';
import { kpiSettingsSchema } from '../qa/kpi-settings.js';
import { recordingModes } from '../recordings/recording-mode.js';

const host = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}$|^localhost$/, 'must be an IPv4 address');
const port = z.number().int().min(1).max(65535);
const digits = z.string().regex(/^\+?[0-9]{3,20}$/, 'must be a dialable number of 3 to 20 digits');

// The daily report is due before 18:00 for the previous day (docs/domain.md §KPIs and reports), so a scheduled time
// must leave the day's work before it.
const reportTime = z.string().regex(/^(0\d|1[0-7]):[0-5]\d$/, 'must be HH:MM before 18:00');

const agent = z.strictObject({
  id: z.string().regex(/^[0-9]{3,8}$/, 'agent id must be 3 to 8 digits'),
  password: z.string().min(8, 'agent SIP password must be at least 8 characters'),
});

/** The whole runtime configuration; every key is known, so a typo fails at boot. */
export const configSchema = z.strictObject({
  service: z
    .strictObject({
      host: host.default('127.0.0.1'),
      port: port.default(8380),
      logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      shutdownGraceMs: z.number().int().min(0).default(5000),
    })
    .prefault({}),
  ari: z.strictObject({
    url: z.url().default('http://127.0.0.1:8088'),
    username: z.string().min(1).default('hotline'),
    password: z.string({ error: 'required: set ari.password or HOTLINE_ARI_PASSWORD' }).min(1),
    app: z.string().regex(/^[a-z][a-z0-9_-]*$/).default('hotline'),
    reconnect: z
      .strictObject({
        initialMs: z.number().int().min(50).default(250),
        // At most 2 s: once Asterisk answers again the next try comes within maxMs (issue 17 item 9; a 10 s cap let
        // the backoff reach 7.2 s). A refused connection costs Asterisk one HTTP request, so trying each second is cheap.
        maxMs: z.number().int().min(100).max(2000).default(1000),
      })
      .prefault({}),
    /** A socket that answers no ping within this time is treated as dead. */
    pingIntervalMs: z.number().int().min(200).default(5000),
    /** What happens to a channel the app still owns after a restart, when hotline no longer knows its state. */
    orphanRule: z.enum(['restart-entry', 'hangup']).default('restart-entry'),
  }),
  /** Several Asterisk nodes behind a SIP edge (issue 14, src/config/nodes.ts); absent: the one node of `ari`. */
  nodes: nodesSchema.optional(),
  /** The SIP edge (Kamailio) the nodes reach agents' phones through; needed for agents created through the API. */
  edge: edgeSchema.optional(),
  prompts: z
    .strictObject({
      /** Audio files served to Asterisk at /prompts/<file> (recorded prompts, TTS cache). */
      dir: z.string().min(1).default('data/prompts'),
      /** How Asterisk reaches this service; default http://<service.host>:<service.port>. */
      baseUrl: z.url().optional(),
    })
    .prefault({}),
  ivr: z
    .strictObject({
      /** Flow files (*.yaml); each is bound to its own entry numbers. */
      dir: z.string().min(1).default('config/ivr'),
      /** Activate an edited flow file without a restart (after it validates). */
      watch: z.boolean().default(true),
      /** An inbound caller who hangs up within this many seconds of answer made a one-ring call. */
      oneRingS: z.number().min(0).default(3),
      /** Entry numbers (e.g. an emergency line) where one-ring and silent calls are called back. */
      callBackNonRegular: z.array(digits).default([]),
      /** Ring time for a transfer to an outside number. */
      transferTimeoutS: z.number().int().min(5).max(120).default(30),
    })
    .prefault({}),
  store: z
    .strictObject({
      path: z.string().min(1).default('data/hotline.db'),
      flushMs: z.number().int().min(1).max(1000).default(20),
    })
    .prefault({}),
  telephony: z
    .strictObject({
      entryNumbers: z.array(digits).min(1).default(['4008001234']),
      trunk: trunkName.default('carrier'),
      callerId: digits.default('4008001234'),
      originateTimeoutS: z.number().int().min(5).max(120).default(30),
      dialerContext: z.string().default('hotline-dialer'),
      /** An answered outbound call shorter than this is a short call, not a conversation. */
      shortCallS: z.number().min(0).default(3),
      welcomeSound: z.string().default('sound:hello-world'),
      /**
       * Asterisk's channel event log (cel_custom JSON, asterisk/etc/cel_custom.conf): a restart or reconnect reads how
       * the channels it missed ended, and the callers Asterisk took meanwhile. Default: the lab chroot's file.
       */
      celFile: z.string().min(1).optional(),
    })
    .prefault({}),
  dialer: z
    .strictObject({
      /** Run the outbound dialer in this service (off for an inbound-only node). */
      enabled: z.boolean().default(true),
      /** How often the dialer looks for due leads; also bounds how late a due lead is dialed. */
      tickMs: z.number().int().min(20).max(5000).default(200),
      /** Callbacks the IVR owes (offers, queue abandons, one-ring and silent calls) are dialed by this campaign. */
      callbacks: z
        .strictObject({
          campaign: z.string().min(1).default('ivr-callbacks'),
          /** The skill group whose agents make the callbacks. */
          group: z.string().min(1).default('general'),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Issue 17 item 11: the centre-wide dial policy (China's caps by default), checked at every dial like DNC. */
  dialPolicy: dialPolicySchema,
  /** The HTTP API under /api/v1 (issue 6): list uploads, failed-auth limit, the live feed and scheduled reports. */
  api: z
    .strictObject({
      /** Serve the OpenAPI document and its UI at /docs. */
      docs: z.boolean().default(true),
      upload: z
        .strictObject({
          /** A list upload larger than this is refused (413) before anything is imported; 64 MiB holds a million rows. */
          maxBytes: z.number().int().min(1024).max(2 ** 31).default(64 * 1024 * 1024),
          /** Where an upload is streamed before the import reads it; default the OS temp directory. */
          tmpDir: z.string().min(1).optional(),
        })
        .prefault({}),
      /**
       * Reverse proxies whose X-Forwarded-For is believed (their addresses), so failed authentications are counted
       * per client rather than per proxy; none by default (hotline binds 127.0.0.1).
       */
      trustProxy: z.array(z.string().regex(/^(\d{1,3}\.){3}\d{1,3}(\/\d{1,2})?$/, 'must be an IPv4 address or CIDR')).max(64).default([]),
      auth: z
        .strictObject({
          /** An address with this many failed authentications within windowS is refused (429) until they age out. */
          maxFailures: z.number().int().min(1).max(10_000).default(10),
          windowS: z.number().int().min(1).max(86_400).default(60),
        })
        .prefault({}),
      live: z
        .strictObject({
          /** How often the live feed looks for changes (and agent states are logged for agent-hours). */
          intervalMs: z.number().int().min(100).max(60_000).default(1000),
          /** A comment line this often keeps proxies from closing an idle feed. */
          heartbeatS: z.number().int().min(1).max(3600).default(15),
        })
        .prefault({}),
      reports: z
        .strictObject({
          /** Write the daily, weekly and monthly reports on schedule. */
          enabled: z.boolean().default(true),
          /** CSV and XLSX files go here. */
          dir: z.string().min(1).default('data/reports'),
          /** Days, weeks and months are local to this zone. */
          timeZone: z
            .string()
            .refine((tz) => IANAZone.isValidZone(tz), 'must be an IANA time zone such as Asia/Shanghai')
            .default('Asia/Shanghai'),
          /** Local time the previous day's report is written; it is due before 18:00 (docs/domain.md §KPIs and reports). */
          dailyAt: reportTime.default('06:00'),
          /** Local time on Tuesday that the previous Monday–Sunday is written. */
          weeklyAt: reportTime.default('06:00'),
          /** Day of the month (1–4: before the 5th) and local time the previous month is written. */
          monthlyDay: z.number().int().min(1).max(4).default(1),
          monthlyAt: reportTime.default('06:00'),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Call recordings (issue 6 part 5): what is recorded on inbound lines, where the files are, how long they stay. */
  recordings: z
    .strictObject({
      /** Inbound calls bridged to an agent: all recorded, none, or on demand (an agent or supervisor starts it). */
      inbound: z.enum(recordingModes).default('none'),
      /** Per entry number (an inbound line), overriding `inbound`. Campaigns have their own `recording` setting. */
      byEntryNumber: z.record(digits, z.enum(recordingModes)).default({}),
      // China: keep recordings (and consent) at least 30 days (docs/domain.md §Rules that bind an outbound dialer).
      retentionDays: z.number().int().min(30, 'must be at least 30 days: recordings are kept 30 days or more').default(30),
      /** Where this service reads the files; default Asterisk's spool inside the lab chroot, <lab.dir>/root + asteriskDir. */
      dir: z.string().min(1).optional(),
      /** Where Asterisk writes bridge recordings, as Asterisk sees it (its astspooldir + /recording). */
      asteriskDir: z.string().startsWith('/', 'must be an absolute path').default('/var/spool/asterisk/recording'),
      /** Local hour the retention job deletes what is older than retentionDays (it also runs at start). */
      purgeHour: z.number().int().min(0).max(23).default(3),
    })
    .prefault({}),
  /** Carrier announcements in early media (issue 11): how each campaign leg is heard, and the library's import limits. */
  announcements: z
    .strictObject({
      /** How a leg is heard: the classifier's options (src/announcements/hearing-settings.ts) and the dialer's (src/dialer/leg-hearing-settings.ts). */
      hear: hearingOptionsSchema.extend(legHearingSettings.shape).prefault({}),
      /** An imported WAV file larger than this is refused before it is read whole (60 s of 16-bit 8 kHz is 960 kB). */
      maxFileBytes: z.number().int().min(1024).max(100 * 1024 * 1024).default(5 * 1024 * 1024),
      /** At most this many files in one import (API or CLI). */
      maxFiles: z.number().int().min(1).max(10_000).default(500),
    })
    .prefault({}),
  /** Agents and skill groups (issue 3); empty until the ACD runner routes calls. */
  acd: acdConfigSchema.prefault({}),
  /** The service desk (issue 15): wrap-up categories, wrap-up before ready, complaint and work-order deadlines. */
  desk: deskConfigSchema.prefault({}),
  /** Issue 16: the quality KPIs' targets and definitions (scorecards and the reports' ranking). */
  kpis: kpiSettingsSchema,
  /**
   * Agents' phones (issue 13): the browser phone. Asterisk's WebSocket transport is served by its HTTP server over TLS;
   * the lab renders that listener from `browser.wsUrl`, so the page and Asterisk agree by construction.
   */
  phone: z
    .strictObject({
      browser: z
        .strictObject({
          enabled: z.boolean().default(true),
          /** Where browsers open their SIP WebSocket (Asterisk's HTTPS server, path /ws). */
          wsUrl: z.url().refine((u) => u.startsWith('wss://'), 'must be a wss:// URL: browsers need TLS for SIP over WebSocket').default('wss://127.0.0.1:8089/ws'),
          /** SIP domain of the browser phones' URIs (the Asterisk they register to). */
          sipDomain: z.string().min(1).default('127.0.0.1'),
          /** How long a credential issued at console login lives; the page renews it before then. */
          credentialTtlS: z.number().int().min(60).max(86_400).default(3600),
        })
        .prefault({}),
      /**
       * Issue 13: the agent console shows a "monitored" badge while a supervisor listens, whispers or barges (pushed on
       * the agent's own live feed, GET /live/own). On by default: agents are told; a centre that monitors unseen turns
       * it off.
       */
      showMonitored: z.boolean().default(true),
    })
    .prefault({}),
  lab: z
    .strictObject({
      dir: z.string().default('.lab'),
      mirror: z.url().default('http://deb.debian.org/debian'),
      /**
       * A snapshot of the provisioned chroot, kept outside the checkout so a second clone on the same machine (CI)
       * unpacks it in seconds instead of running debootstrap and apt again. Empty turns it off.
       */
      cache: z.strictObject({ dir: z.string().default('/var/cache/hotline-lab'), maxAgeDays: z.number().int().min(0).max(365).default(7) }).prefault({}),
      sip: z.strictObject({ host: host.default('127.0.0.1'), port: port.default(5060) }).prefault({}),
      /**
       * The multi-node lab's SIP edge (Kamailio, `hotline lab up --nodes N`): callers and agents' phones reach it here;
       * node i listens on the i-th address after it.
       */
      // rpcPort: Kamailio's JSON-RPC over HTTP, where hotline sets API agents' credentials (config `edge.rpcUrl`).
      edge: z.strictObject({ host: host.default('127.0.0.10'), port: port.default(5060), rpcPort: port.default(5071) }).prefault({}),
      carrier: z.strictObject({ host: host.default('127.0.0.1'), port: port.default(5070) }).prefault({}),
      callers: z.strictObject({ host: host.default('127.0.0.2') }).prefault({}),
      agentsHost: host.default('127.0.0.3'),
      /**
       * A second lab Asterisk from the same chroot, beside the default one: its own config, run, log and astdb
       * directories named after it (`/etc/asterisk-<instance>`). The test tier runs two (tests/lab/lab-slot.ts), each
       * on its own loopback addresses, so two halves of the lab tier run at once. Unset: the default lab.
       */
      instance: z.string().regex(/^[a-z][a-z0-9-]{0,15}$/, 'lowercase letters, digits and -, starting with a letter').optional(),
      /** Asterisk's RTP ports (rtp.conf); two lab instances need ranges apart. */
      rtp: z
        .strictObject({ start: port.default(10000), end: port.default(20000) })
        .refine((r) => r.end > r.start, { message: 'end must be above start', path: ['end'] })
        .prefault({}),
      agents: z.array(agent).default([
        { id: '1001', password: 'lab-agent-1001' },
        { id: '1002', password: 'lab-agent-1002' },
        { id: '1003', password: 'lab-agent-1003' },
        { id: '1004', password: 'lab-agent-1004' },
        { id: '1005', password: 'lab-agent-1005' },
      ]),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;
