/** The console's pure parts: SSE parsing, the live picture, the flow layout, the campaign form, pages by role, strings. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { can, roles } from '../../../src/auth/roles.js';
import { permissions } from '../../../src/auth/roles.js';
import { projectRoot } from '../../../src/config/load.js';
import { en } from '../../../src/console/web/i18n/en.js';
import { zh } from '../../../src/console/web/i18n/zh.js';
import { formFromSettings, parseRanges, settingsFromForm } from '../../../src/console/web/lib/campaign-form.js';
import { layoutFlow } from '../../../src/console/web/lib/flow-layout.js';
import { duration, percent, periodDates } from '../../../src/console/web/lib/format.js';
import { agentsByState, applyLiveChange } from '../../../src/console/web/lib/live-state.js';
import { visiblePages } from '../../../src/console/web/lib/pages.js';
import { sseParser } from '../../../src/console/web/lib/sse.js';
import { campaignSettingsSchema } from '../../../src/dialer/campaign-settings.js';
import { flowGraphOfText } from '../../../src/ivr/flow-graph.js';
import { applyChange, diffSnapshots, type LiveSnapshot } from '../../../src/live/live-snapshot.js';

describe('console: pure parts', () => {
  it('parses server-sent events split anywhere, skipping heartbeats', () => {
    const text = 'event: snapshot\ndata: {"a":1}\n\n: heartbeat\n\nevent: change\r\ndata: {"b":\r\ndata: 2}\r\n\r\n';
    for (const cut of [1, 7, 20, 33, text.length - 1]) {
      const parse = sseParser();
      const got = [...parse(text.slice(0, cut)), ...parse(text.slice(cut))];
      expect(got).toEqual([
        { event: 'snapshot', data: '{"a":1}' },
        { event: 'change', data: '{"b":\n2}' },
      ]);
    }
  });

  it('applies live changes as the server does', () => {
    const agent = (id: string, state: string) => ({ id, name: id, state, since: 0, pauseReason: null, callId: null, monitored: null });
    const a: LiveSnapshot = { at: 0, calls: [], queues: [], agents: [agent('1001', 'ready'), agent('1002', 'ready'), agent('1010', 'ready')], campaigns: [] };
    const b: LiveSnapshot = { ...a, at: 5, agents: [agent('1001', 'paused'), agent('1010', 'ready'), agent('1011', 'on-call')] };
    const change = diffSnapshots(a, b)!;
    expect(applyLiveChange(a, change)).toEqual(applyChange(a, change));
    expect(applyLiveChange(a, change).agents.map((x) => x.id)).toEqual(['1001', '1010', '1011']);
    expect(agentsByState(b.agents)).toEqual({ ready: 1, ringing: 0, 'on-call': 1, 'after-call-work': 0, paused: 1, 'logged-out': 0 });
  });

  it('lays the sample hotline out with every node placed once, none overlapping, the start first', () => {
    const g = flowGraphOfText(readFileSync(join(projectRoot, 'config/ivr/hotline.yaml'), 'utf8'))!;
    const l = layoutFlow(g);
    expect(l.nodes.map((n) => n.id).sort()).toEqual(g.nodes.map((n) => n.id).sort());
    expect(l.nodes.find((n) => n.id === g.start)).toMatchObject({ column: 0, x: 20, y: 20 });
    const boxes = l.nodes.map((n) => `${n.x},${n.y}`);
    expect(new Set(boxes).size).toBe(boxes.length);
    for (const n of l.nodes) expect(n.x + l.nodeWidth <= l.width && n.y + l.nodeHeight <= l.height).toBe(true);
    expect(l.edges).toHaveLength(g.edges.length);
    // A menu's key leads one column on; the English menu's key 9 back to the Chinese one loops back.
    const col = (id: string) => l.nodes.find((n) => n.id === id)!.column;
    expect(col('consult')).toBe(col('main_menu') + 1);
    expect(l.edges.find((e) => e.from === 'to_chinese' && e.to === 'main_menu')!.back).toBe(true);
  });

  it('turns a campaign form into settings the schema accepts, and names what it cannot read', () => {
    const defaults = campaignSettingsSchema.parse({});
    const f = formFromSettings('回访', defaults);
    expect(f.windows.mon).toBe('09:00-21:00');
    expect(f.quietHours).toBe('12:00-13:30, 21:00-09:00');
    expect(f.retry.map((r) => [r.outcome, r.delayMin])).toEqual([
      ['default', '240'],
      ['network-failure', '5'],
      ['powered-off', '120'],
      ['announcement', '240'],
    ]);
    const back = settingsFromForm({ ...f, windows: { ...f.windows, sun: '', sat: '9:00-12:00，14:00-18:00' }, abandonLimitPct: '2.5', script: '您好' }, defaults);
    expect(back.ok).toBe(true);
    const parsed = campaignSettingsSchema.parse(back.ok ? back.settings : {});
    expect(parsed).toMatchObject({ windows: { sun: [], sat: [{ from: '09:00', to: '12:00' }, { from: '14:00', to: '18:00' }] }, retry: defaults.retry, script: '您好' });
    expect(parsed.pacing).toMatchObject({ abandonLimit: 0.025, abandonTarget: 0.02, complianceWindow: '30d' });
    const bad = settingsFromForm({ ...f, windows: { ...f.windows, mon: '9-12' }, maxLines: 'ten', retry: [...f.retry, { ...f.retry[1]! }] });
    expect(bad).toEqual({ ok: false, errors: { 'windows.mon': '9-12', maxLines: 'ten', 'retry.network-failure': 'network-failure' } });
    expect(parseRanges('')).toEqual({ ok: true, ranges: [] });
  });

  it('opens each role the pages its permissions allow', () => {
    const of = (role: (typeof roles)[number], agentId: string | null = null) => visiblePages(permissions.filter((p) => can(role, p)), agentId);
    expect(of('admin')).toEqual(['campaigns', 'wallboard', 'reports', 'flows', 'agent', 'qa', 'announcements', 'complaints', 'kb', 'roster']);
    expect(of('manager')).toEqual(['campaigns', 'wallboard', 'reports', 'flows', 'qa', 'announcements', 'complaints', 'kb', 'roster']);
    expect(of('supervisor')).toEqual(['campaigns', 'wallboard', 'reports', 'flows', 'agent', 'qa', 'announcements', 'complaints', 'kb', 'roster']);
    expect(of('agent', '1001')).toEqual(['agent', 'qa', 'kb', 'roster']);
    expect(of('read-only')).toEqual(['campaigns', 'wallboard', 'reports', 'flows', 'qa', 'announcements', 'kb', 'roster']);
    // Issue 16: quality inspectors listen to and score calls, and read the knowledge base.
    expect(of('qa')).toEqual(['qa', 'kb', 'roster']);
  });

  it('has every string in both languages, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [k, v] of Object.entries(zh)) expect([k, holes(en[k as keyof typeof zh])]).toEqual([k, holes(v)]);
  });

  it('formats durations, rates and report periods', () => {
    expect([duration(0), duration(65_000), duration(3_725_000), duration(-5)]).toEqual(['0:00', '1:05', '1:02:05', '0:00']);
    expect([percent(0.0234), percent(null), percent(1)]).toEqual(['2.3%', '–', '100.0%']);
    expect(periodDates('weekly', '2026-03-11')).toEqual({ from: '2026-03-09', to: '2026-03-15' });
    expect(periodDates('weekly', '2026-03-15')).toEqual({ from: '2026-03-09', to: '2026-03-15' });
    expect(periodDates('monthly', '2024-02-10')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodDates('daily', '2026-03-11')).toEqual({ from: '2026-03-11', to: '2026-03-11' });
  });
});
