/**
 * The lab carrier's recordings joined at different points (docs/benchmarks.md, carrier announcements, "Under CPU
 * starvation"): each leg's audio begins after 0-3 packets (20 ms) of silence, the first pass's legs and the second
 * pass's independently, as a starved lab shifts them. First pass: the six clean recordings, each kept unknown (or filed
 * under one kept before it: counted), then labelled. Second pass: every class × variant at four joins, against that
 * library. Needs the lab's audio (`hotline lab provision`). Run: npx tsx bench/announcements-join-phase.ts [trials]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hear, initialHearing } from '../src/announcements/hearing.js';
import type { KnownAnnouncement } from '../src/announcements/library-match.js';
import { projectRoot } from '../src/config/load.js';
import { earlyMediaClasses, earlyMediaVariants } from '../src/lab/early-media-plan.js';
import { parseRtp, rtpToPcm } from '../src/media/rtp-receiver.js';

const dir = join(projectRoot, '.lab/audio/early');
const cache = new Map<string, Int16Array[]>();
function packets(file: string): Int16Array[] {
  const had = cache.get(file);
  if (had) return had;
  const b = readFileSync(join(dir, file));
  const out: Int16Array[] = [];
  for (let o = 24; o + 16 <= b.length; ) {
    const len = b.readUInt32LE(o + 8);
    const h = parseRtp(new Uint8Array(b.subarray(o + 16 + 42, o + 16 + len)));
    o += 16 + len;
    const p = h && rtpToPcm(h);
    if (p) out.push(p);
  }
  cache.set(file, out);
  return out;
}

function heard(pk: Int16Array[], library: readonly KnownAnnouncement[]) {
  let state = initialHearing();
  let n = 0;
  for (const p of pk) {
    n += p.length;
    const r = hear(state, { type: 'audio', pcm: p, at: n / 8 }, library, n / 8);
    state = r.state;
    if (r.decision.kind === 'announcement') return r.decision;
  }
  const r = hear(state, { type: 'ended', at: n / 8 }, library, n / 8);
  return r.decision.kind === 'announcement' ? r.decision : null;
}

const after = (silentPackets: number, pk: Int16Array[]) => [...Array.from({ length: silentPackets }, () => new Int16Array(160)), ...pk];
const trials = Number(process.argv[2] ?? 4);
let misfiled = 0;
let total = 0;
let wrong = 0;
let unknown = 0;
const misses: string[] = [];
for (let trial = 0; trial < trials; trial++) {
  const lib: KnownAnnouncement[] = [];
  earlyMediaClasses.forEach((cls, i) => {
    // A new array each time: the matcher indexes a library array once (as the store hands out a new one per change).
    const d = heard(after((i + trial) % 4, packets(`${cls}-clean.pcap`)), [...lib]);
    if (d && !d.known) lib.push({ id: i + 1, label: null, fingerprint: d.fingerprint });
    else if (d) {
      misfiled++;
      misses.push(`first pass: ${cls} filed under ${earlyMediaClasses[d.known!.id - 1]}`);
    }
  });
  const labelled = lib.map((k) => ({ ...k, label: earlyMediaClasses[k.id - 1]! }));
  for (const cls of earlyMediaClasses) {
    for (const variant of earlyMediaVariants) {
      for (let join = trial; join < trial + 4; join++) {
        const d = heard(after(join, packets(`${cls}-${variant}.pcap`)), labelled);
        const got = d ? (d.known?.label ?? 'unknown') : 'none';
        total++;
        if (got === cls) continue;
        if (got === 'unknown' || got === 'none') unknown++;
        else wrong++;
        misses.push(`${cls}/${variant} after ${join} packets → ${got}`);
      }
    }
  }
}
console.log(`first pass filed under another: ${misfiled}; second pass: ${total} probes, wrong label ${wrong}, unknown ${unknown}`);
for (const m of misses) console.log(`  ${m}`);
