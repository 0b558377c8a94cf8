import { agentAorFields, agentEndpointFields } from '../acd/agent-phone.js';
import { HotlineError } from '../errors.js';
import { browserAorFields, browserEndpointFields } from '../phone/browser-endpoint.js';
import { DEFAULT_CEL_PATH, labCelPath } from '../config/lab-cel-path.js';
import type { Config } from '../config/schema.js';
import type { LabNode } from './lab-nodes.js';

/** Template files by name (e.g. `pjsip.conf`) to their text. */
export type ConfFiles = Readonly<Record<string, string>>;

/** Where ARI must listen, from `ari.url`: hotline and Asterisk then agree by construction. */
export function ariBind(ariUrl: string): { host: string; port: number } {
  const url = new URL(ariUrl);
  // Asterisk's bindaddr takes an address, not a name.
  const host = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname;
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return { host, port };
}

/** Where Asterisk's HTTPS server (the browser phones' wss:// transport) listens, from `phone.browser.wsUrl`. */
export function wssBind(wsUrl: string): { host: string; port: number } {
  const url = new URL(wsUrl);
  const host = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname;
  return { host, port: url.port === '' ? 443 : Number(url.port) };
}

/** The pjsip.conf template of a browser phone: the options hotline pushes for each agent's browser phone. */
export function renderBrowserTemplate(maxExpirationS: number): string {
  const options = (fields: Record<string, string>) => Object.entries(fields).map(([k, v]) => `${k} = ${v}`);
  return ['[hotline-browser-endpoint](!)', 'type = endpoint', ...options(browserEndpointFields()), '', '[hotline-browser-aor](!)', 'type = aor', ...options(browserAorFields(maxExpirationS)), ''].join('\n');
}

/**
 * A value safe to put after `=` in an Asterisk .conf file.
 * `;` starts a comment unless escaped, and a line break would start a new setting.
 */
export function confValue(value: string, key: string): string {
  if (/[\r\n]/.test(value)) {
    throw new HotlineError('LAB_TEMPLATE_INVALID', `${key} must not contain a line break`, { key });
  }
  return value.replace(/;/g, '\\;');
}

/**
 * The PJSIP sections for the agents' phones: endpoint, auth and aor per agent, named by agent id. Endpoint and aor
 * options are the ones hotline pushes over ARI for agents created through the API (src/acd/agent-phone.ts).
 */
export function renderAgents(agents: Config['lab']['agents'], edge?: { host: string; port: number }): string {
  const options = (fields: Record<string, string>) => Object.entries(fields).map(([k, v]) => `${k} = ${v}`);
  return agents
    .map((a, i) =>
      [
        `[${a.id}]`,
        'type = endpoint',
        ...options(agentEndpointFields(a.id)),
        '',
        `[${a.id}]`,
        'type = auth',
        'auth_type = userpass',
        `username = ${a.id}`,
        `password = ${confValue(a.password, `lab.agents[${i}].password`)}`,
        '',
        `[${a.id}]`,
        'type = aor',
        ...options(agentAorFields()),
        // Behind Kamailio the phone registers there, not here: every node reaches it through the edge's registrar.
        ...(edge === undefined ? [] : [`contact = sip:${a.id}@${edge.host}:${edge.port}`]),
        '',
      ].join('\n'),
    )
    .join('\n');
}

/** The dialplan lines that send each entry number to the Stasis app, with the app-down fallback. */
export function renderEntryNumbers(numbers: readonly string[], app: string): string {
  return numbers
    .map((n) =>
      [
        `exten => ${n},1,Stasis(${app},inbound,\${EXTEN})`,
        ` same => n,GotoIf($["\${STASISSTATUS}" = "FAILED"]?hotline-app-down,s,1)`,
        ' same => n,Hangup()',
      ].join('\n'),
    )
    .join('\n');
}

/** The PJSIP endpoint for calls that Kamailio (the SIP edge) dispatches to a node: they enter like a caller's. */
export function renderEdgeEndpoint(edgeHost: string): string {
  return [
    '',
    '; The SIP edge (Kamailio) dispatches callers here and probes this node with OPTIONS.',
    '[edge]',
    'type = endpoint',
    'context = hotline-inbound',
    'disallow = all',
    'allow = ulaw,alaw',
    'direct_media = no',
    'dtmf_mode = rfc4733',
    'identify_by = ip',
    '',
    '[edge]',
    'type = identify',
    'endpoint = edge',
    `match = ${edgeHost}`,
    '',
  ].join('\n');
}

/**
 * Every `{{name}}` a template may use, with its value for this config. Without `node` it is the single-node lab;
 * with a node of a multi-node lab, that node's addresses, directories and RTP ports, and agents reached through the edge.
 */
export function templateValues(config: Config, node?: LabNode): Record<string, string> {
  const ari = ariBind(node?.ariUrl ?? config.ari.url);
  const { lab } = config;
  const wss = wssBind(config.phone.browser.wsUrl);
  // A node of its own (a multi-node lab's, or a second lab instance) keeps its own directories; only the multi-node
  // lab's nodes sit behind the edge.
  const ownDirs = node?.confFile !== undefined;
  const multi = node?.behindEdge === true;
  return {
    // A node of its own serves the browser phones on its own address (the port is the same on every node).
    'wss.host': ownDirs && node !== undefined ? node.sipHost : wss.host,
    'wss.port': String(wss.port),
    browserTemplate: renderBrowserTemplate(config.phone.browser.credentialTtlS),
    // `(!)` makes [directories] a template Asterisk ignores (its built-in Debian paths apply); a node needs its own.
    'node.directoriesTemplate': ownDirs ? '' : '(!)',
    'node.systemName': node?.systemName ?? 'hotline-lab',
    'node.etcDir': node?.etcDir ?? '/etc/asterisk',
    'node.runDir': node?.runDir ?? '/var/run/asterisk',
    'node.logDir': node?.logDir ?? '/var/log/asterisk',
    'node.dbDir': node?.dbDir ?? '/var/lib/asterisk',
    // A node behind the edge shares the default record; a second lab instance keeps its own (lab-cel-path.ts).
    'cel.file': node?.behindEdge === true ? DEFAULT_CEL_PATH : labCelPath(config),
    'rtp.start': String(node?.rtpStart ?? config.lab.rtp.start),
    'rtp.end': String(node?.rtpEnd ?? config.lab.rtp.end),
    edgeEndpoint: multi ? renderEdgeEndpoint(lab.edge.host) : '',
    'ari.host': ari.host,
    'ari.port': String(ari.port),
    'ari.username': confValue(config.ari.username, 'ari.username'),
    'ari.password': confValue(config.ari.password, 'ari.password'),
    'ari.app': config.ari.app,
    'sip.host': node?.sipHost ?? lab.sip.host,
    'sip.port': String(node?.sipPort ?? lab.sip.port),
    'carrier.host': lab.carrier.host,
    'carrier.port': String(lab.carrier.port),
    'callers.host': lab.callers.host,
    agents: renderAgents(lab.agents, multi ? lab.edge : undefined),
    entryNumbers: renderEntryNumbers(config.telephony.entryNumbers, config.ari.app),
  };
}

/** Fills one template; an unknown placeholder is a template bug, so it fails instead of reaching Asterisk. */
export function renderTemplate(name: string, text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{\s*([A-Za-z][A-Za-z0-9_.]*)\s*\}\}/g, (_match, key: string) => {
    const value = values[key];
    if (value === undefined) {
      throw new HotlineError('LAB_TEMPLATE_INVALID', `${name}: unknown placeholder {{${key}}}`, { key });
    }
    return value;
  });
}

/** Renders every template for this config. Pure: the caller reads the templates and writes the result. */
export function renderLabConfig(config: Config, templates: ConfFiles, node?: LabNode): Record<string, string> {
  const values = templateValues(config, node);
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(templates)) out[name] = renderTemplate(name, text, values);
  return out;
}

// Settings that Asterisk only reads at start-up: a change to them needs a restart, a `core reload` would not apply it.
// sorcery.conf: res_pjsip maps its object types to wizards once, when it loads.
const restartFiles = new Set(['asterisk.conf', 'modules.conf', 'http.conf', 'sorcery.conf']);

/** The `[transport-…]` sections of a pjsip.conf, whose bind address PJSIP cannot change on reload. */
export function pjsipTransports(pjsipConf: string): string {
  const sections = pjsipConf.split(/^(?=\[)/m);
  return sections.filter((s) => /^\[[^\]]*\]/.test(s) && /^\s*type\s*=\s*transport\s*$/m.test(s)).join('');
}

/**
 * What a running Asterisk needs after its config files changed from `before` to `after`:
 * nothing, a `core reload`, or a restart.
 */
export function configChangeAction(before: ConfFiles, after: ConfFiles): 'none' | 'reload' | 'restart' {
  const changed = Object.keys(after).filter((name) => before[name] !== after[name]);
  if (changed.length === 0) return 'none';
  if (changed.some((name) => restartFiles.has(name))) return 'restart';
  if (changed.includes('pjsip.conf') && pjsipTransports(before['pjsip.conf'] ?? '') !== pjsipTransports(after['pjsip.conf'] ?? '')) {
    return 'restart';
  }
  return 'reload';
}
