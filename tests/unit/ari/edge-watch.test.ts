import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { pushStoredAgentsToEdge } from '../../../src/acd/agent-admin.js';
import type { EdgeUptime } from '../../../src/ari/edge-registrar.js';
import { EdgeWatch } from '../../../src/ari/edge-watch.js';
import { HotlineError } from '../../../src/errors.js';
import { AgentsRepo } from '../../../src/store/agents-repo.js';
import { openDb } from '../../../src/store/db.js';
import { FakeClock, settle, silentLog } from '../support/shell-stubs.js';

const probeMs = 5000;
/** A 32-hex-digit digest per agent, as the store requires. */
const ha1 = (id: string) => id.repeat(8);
const started = 'Mon Dec  7 21:00:00 2026\n';
const restarted = 'Mon Dec  7 21:05:00 2026\n';

/** A Kamailio whose start time and reachability the test sets; it keeps the digests it was given, like the htable. */
class StubEdge {
  upSince: string | null = started;
  uptimeS = 100;
  probes = 0;
  table = new Map<string, string>();
  refuse = new Set<string>();

  async uptime(): Promise<EdgeUptime> {
    this.probes += 1;
    if (this.upSince === null) throw new HotlineError('EDGE_REQUEST_FAILED', 'SIP edge not reachable');
    this.uptimeS += 5;
    return { upSince: this.upSince, uptimeS: this.uptimeS };
  }

  async setAgent(id: string, ha1: string): Promise<void> {
    if (this.upSince === null || this.refuse.has(id)) throw new HotlineError('EDGE_REQUEST_FAILED', 'refused');
    this.table.set(id, ha1);
  }

  restart(): void {
    this.upSince = restarted;
    this.uptimeS = 0;
    this.table.clear();
  }
}

/** A log that keeps what was said, by level. */
function recordingLog() {
  const lines: Array<{ level: string; msg: string }> = [];
  const log = pino({ level: 'info' }, { write: (s: string) => void lines.push((({ level, msg }) => ({ level: pino.levels.labels[level]!, msg }))(JSON.parse(s) as { level: number; msg: string })) });
  return { log, lines };
}

function setup(opts: { agents?: string[]; configAgents?: string[] } = {}) {
  const clock = new FakeClock(Date.parse('2026-12-07T21:10:00Z'));
  const edge = new StubEdge();
  const agents = new AgentsRepo(openDb(':memory:'));
  for (const id of opts.agents ?? ['2001', '2002', '2003']) {
    agents.insert({ id, name: `agent ${id}`, skills: {}, sipRealm: 'asterisk', sipHa1: ha1(id), createdAt: clock.now(), createdBy: 'test' });
  }
  const { log, lines } = recordingLog();
  const configAgentIds = new Set(opts.configAgents ?? []);
  const watch = new EdgeWatch({ edge, repush: () => pushStoredAgentsToEdge({ agents, edge, configAgentIds, log: silentLog }), probeMs, clock, log });
  const step = async (ms: number) => {
    clock.advance(ms);
    await settle();
  };
  return { clock, edge, agents, watch, lines, step };
}

describe('EdgeWatch', () => {
  it('sets every stored agent again after the edge restarts, and logs the restart once', async () => {
    const { edge, watch, lines, step } = setup();
    const stop = watch.start();
    await settle();
    expect(watch.state()).toMatchObject({ reachable: true, upSince: started, lastRepushAt: null });
    // Seen for the first time: the nodes' connection push sets the digests, not the watch.
    expect(edge.table.size).toBe(0);

    edge.restart();
    await step(probeMs);
    expect([...edge.table]).toEqual([
      ['2001', ha1('2001')],
      ['2002', ha1('2002')],
      ['2003', ha1('2003')],
    ]);
    expect(watch.state()).toEqual({ reachable: true, upSince: restarted, lastRepushAt: '2026-12-07T21:10:05.000Z', restarts: 1, lastProbeAt: '2026-12-07T21:10:05.000Z' });

    edge.table.clear();
    for (let i = 0; i < 3; i++) await step(probeMs);
    expect(edge.probes).toBe(5);
    expect(edge.table.size).toBe(0);
    expect(lines.filter((l) => l.level === 'info' && /restarted/.test(l.msg))).toHaveLength(1);
    stop();
  });

  it('leaves config agents to the edge\'s own password list', async () => {
    const { edge, watch, step } = setup({ agents: ['2001', '1001'], configAgents: ['1001'] });
    watch.start();
    await settle();
    edge.restart();
    await step(probeMs);
    expect([...edge.table.keys()]).toEqual(['2001']);
    watch.stop();
  });

  it('warns once for an outage, however long, and sets the agents again when the edge is back', async () => {
    const { edge, watch, lines, step } = setup();
    watch.start();
    await settle();
    edge.upSince = null;
    for (let i = 0; i < 4; i++) await step(probeMs);
    expect(edge.probes).toBe(5);
    expect(watch.state().reachable).toBe(false);
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    expect(edge.table.size).toBe(0);

    // Back with the same start time: it may still have lost the table (restarted within an outage we saw whole).
    edge.upSince = started;
    await step(probeMs);
    expect(watch.state()).toMatchObject({ reachable: true, upSince: started });
    expect(edge.table.size).toBe(3);
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);

    edge.upSince = null;
    await step(probeMs);
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(2);
    watch.stop();
  });

  it('tries the agents the edge refused again at the next probe, until none is left', async () => {
    const { edge, watch, step } = setup();
    watch.start();
    await settle();
    edge.refuse.add('2002');
    edge.restart();
    await step(probeMs);
    expect([...edge.table.keys()].sort()).toEqual(['2001', '2003']);
    edge.refuse.clear();
    await step(probeMs);
    expect([...edge.table.keys()].sort()).toEqual(['2001', '2002', '2003']);
    edge.table.clear();
    await step(probeMs);
    expect(edge.table.size).toBe(0);
    watch.stop();
  });

  it('does not set an agent deleted from the store', async () => {
    const { edge, agents, watch, step } = setup();
    watch.start();
    await settle();
    agents.remove('2002');
    edge.restart();
    await step(probeMs);
    expect([...edge.table.keys()].sort()).toEqual(['2001', '2003']);
    watch.stop();
  });

  it('probes no more after stop, and a probe in flight at stop changes nothing', async () => {
    const { clock, edge, watch, step } = setup();
    const stop = watch.start();
    await settle();
    await step(probeMs);
    await step(probeMs);
    expect(edge.probes).toBe(3);
    stop();
    expect(clock.pending).toBe(0);
    edge.restart();
    for (let i = 0; i < 5; i++) await step(probeMs);
    expect(edge.probes).toBe(3);
    expect(edge.table.size).toBe(0);

    // Stopped while the probe waits for the edge: its answer is dropped.
    const again = setup();
    let answer: (u: EdgeUptime) => void = () => undefined;
    again.edge.uptime = () => new Promise((r) => (answer = r));
    again.watch.start();
    again.watch.stop();
    answer({ upSince: started, uptimeS: 1 });
    await settle();
    expect(again.watch.state().reachable).toBe(false);
    expect(again.clock.pending).toBe(0);
  });
});
