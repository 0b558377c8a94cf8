/**
 * The console's page weight and the wallboard's time to first render, in headless Chromium against the service's HTTP
 * app with generated state (100 agents, 500 calls in progress, 30 callers waiting, 4 running campaigns; no Asterisk).
 * Weight: bytes of HTML, JS and CSS each page loads (as sent, gzip, and unpacked), and of the API data it reads.
 * First render: from navigation start to the first paint after the wallboard drew the live snapshot, median of
 * several loads, each in a fresh tab. Writes the results into docs/console.md.
 *
 *   npm run bench:console [-- --loads 9] [-- --no-write]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { projectRoot } from '../src/config/load.js';
import { generateState, launchChromium, startConsoleService } from '../tests/browser/support.js';

const args = process.argv.slice(2);
const loads = Number(args[args.indexOf('--loads') + 1] ?? 0) || 9;
const write = !args.includes('--no-write');
const pageIds = ['campaigns', 'wallboard', 'reports', 'flows', 'agent', 'qa'] as const;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const s = await startConsoleService({ agents: 100, liveIntervalMs: 1000 });
generateState(s, { calls: 500, waiting: 30, campaigns: 4 });
const browser = await launchChromium();
try {
  // Warm the bundle once: it is made on first request (or when the service starts listening), not per page.
  await fetch(`${s.url}/console/`);

  const weights: Array<{ page: string; shellGzip: number; shellRaw: number; data: number; requests: number }> = [];
  for (const page of pageIds) {
    const p = await browser.context.newPage();
    const seen: Array<Promise<{ kind: 'shell' | 'data'; sent: number; raw: number }>> = [];
    p.on('requestfinished', (req) => {
      const type = req.resourceType();
      if (req.url().endsWith('/api/v1/live')) return;
      seen.push(
        (async () => {
          const res = await req.response();
          const body = res ? await res.body() : Buffer.alloc(0);
          // What went over the wire: the server gzips its files once at level 9, which zlib here repeats exactly.
          const sent = res?.headers()['content-encoding'] === 'gzip' ? gzipSync(body, { level: 9 }).length : body.length;
          return { kind: type === 'document' || type === 'script' || type === 'stylesheet' ? 'shell' : 'data', sent, raw: body.length };
        })(),
      );
    });
    // Every page as a first visit: nothing from the cache of the pages before it.
    await (await browser.context.newCDPSession(p)).send('Network.setCacheDisabled', { cacheDisabled: true });
    await p.addInitScript((t) => sessionStorage.setItem('hotline.token', t), s.tokens.admin);
    await p.goto(`${s.url}/console/#/${page}`);
    await p.locator(`main[data-page=${page}] h1`).waitFor();
    await p.waitForFunction(() => !document.body.innerText.includes('加载中…'), undefined, { timeout: 15_000 });
    await p.waitForTimeout(500);
    const all = await Promise.all(seen);
    const shell = all.filter((x) => x.kind === 'shell');
    const data = all.filter((x) => x.kind === 'data');
    weights.push({ page, shellGzip: shell.reduce((n, x) => n + x.sent, 0), shellRaw: shell.reduce((n, x) => n + x.raw, 0), data: data.reduce((n, x) => n + x.sent, 0), requests: all.length });
    await p.close();
  }

  const firstRender: number[] = [];
  const fcp: number[] = [];
  for (let i = 0; i < loads; i++) {
    const p = await browser.context.newPage();
    await (await browser.context.newCDPSession(p)).send('Network.setCacheDisabled', { cacheDisabled: true });
    await p.addInitScript((t) => sessionStorage.setItem('hotline.token', t), s.tokens.supervisor);
    await p.goto(`${s.url}/console/#/wallboard`);
    const at = await p.waitForFunction(() => performance.getEntriesByName('wallboard-rendered')[0]?.startTime, undefined, { timeout: 30_000 });
    const rows = await p.locator('[data-call]').count();
    const agents = await p.locator('[data-agent]').count();
    if (rows !== 500 || agents !== 100) throw new Error(`the wallboard drew ${rows} calls and ${agents} agents, not 500 and 100`);
    firstRender.push((await at.jsonValue()) as number);
    fcp.push(await p.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN));
    await p.close();
  }

  const lines = [
    '## Measured',
    '',
    `\`npm run bench:console\`, ${new Date().toISOString().slice(0, 10)}, headless Chromium ${browser.context.browser()?.version() ?? ''} on this machine (2 cores), the service on 127.0.0.1 with generated state: 100 agents, 500 calls in progress, 30 callers waiting, 4 running campaigns.`,
    '',
    '**Page weight** (an admin opening each page in a fresh tab). The console is one bundle, so HTML + JS + CSS is the same for every page; the API data each page reads differs (the live feed, a stream, is not counted).',
    '',
    '| page | HTML + JS + CSS, gzip (as sent) | unpacked | API data | requests |',
    '| --- | --- | --- | --- | --- |',
    ...weights.map((w) => `| ${w.page} | ${kb(w.shellGzip)} | ${kb(w.shellRaw)} | ${kb(w.data)} | ${w.requests} |`),
    '',
    `**Wallboard, time to first render** with 100 agents and 500 live calls: median **${median(firstRender).toFixed(0)} ms** from navigation start (cache disabled: a first visit) to the first frame after the live snapshot was drawn (min ${Math.min(...firstRender).toFixed(0)}, max ${Math.max(...firstRender).toFixed(0)}, ${loads} loads; first contentful paint, the page frame, median ${median(fcp).toFixed(0)} ms). That covers loading the page and bundle, /api/v1/me, opening the live feed and its snapshot (about ${kb(0)} counted above: the snapshot is in the stream), and rendering 500 call rows and 100 agent cards.`,
  ];
  const snapshotBytes = Buffer.byteLength(JSON.stringify(s.api.live.subscribe(() => undefined).snapshot));
  lines[lines.length - 1] = lines[lines.length - 1]!.replace(`about ${kb(0)} counted above: the snapshot is in the stream`, `the snapshot is ${kb(snapshotBytes)} of JSON in the stream`);
  console.log(lines.join('\n'));
  if (write) {
    const file = join(projectRoot, 'docs/console.md');
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('## Measured');
    const next = at >= 0 ? text.indexOf('\n## ', at + 1) : -1;
    const out = at < 0 ? `${text.trimEnd()}\n\n${lines.join('\n')}\n` : `${text.slice(0, at)}${lines.join('\n')}\n${next >= 0 ? text.slice(next) : ''}`;
    writeFileSync(file, out);
  }
} finally {
  await browser.close();
  await s.close();
}
