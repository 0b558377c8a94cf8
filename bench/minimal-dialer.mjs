// The peer of bench/dialer.ts: the least an ari-client script must do to keep N outbound lines busy. It originates
// to the given numbers, N at a time, and starts the next call when one is destroyed. No records, no policy, no
// logging. Prints {attempts, lost, ms, lastDialMs, cpuMs} as JSON and exits (lastDialMs: the last originate, from the first,
// so its rate is measured like hotline's: first to last dial).
// Run: node bench/minimal-dialer.mjs URL USER PASS LINES NUMBER...
import ari from 'ari-client';

const [url, user, pass, linesArg, ...numbers] = process.argv.slice(2);
const lines = Number(linesArg);
const client = await ari.connect(url, user, pass);
await client.start('bench-minimal-dialer');
const cpu0 = process.cpuUsage();
const t0 = Date.now();
let next = 0;
let done = 0;
let lastDialMs = 0;
let lost = 0;
await new Promise((resolve) => {
  const live = new Set();
  // A channel whose end never comes (seen at 150 lines under load) would hold the run forever: after 20 s without
  // any end the run stops, and the channels still open are reported as lost.
  let lastEnd = Date.now();
  const watchdog = setInterval(() => {
    if (Date.now() - lastEnd < 20_000) return;
    clearInterval(watchdog);
    lost = live.size;
    resolve();
  }, 1000);
  client.on('ChannelDestroyed', (event, channel) => {
    if (!live.delete(channel.id)) return;
    lastEnd = Date.now();
    done += 1;
    if (done === numbers.length) resolve();
    else dial();
  });
  function dial() {
    if (next >= numbers.length) return;
    const channel = client.Channel();
    live.add(channel.id);
    const number = numbers[next++];
    lastDialMs = Date.now() - t0;
    channel.originate({ endpoint: `PJSIP/${number}@carrier`, app: 'bench-minimal-dialer', callerId: '4008001234', timeout: 30 }).catch(() => {
      live.delete(channel.id);
      done += 1;
      if (done === numbers.length) resolve();
      else dial();
    });
  }
  for (let i = 0; i < lines; i++) dial();
});
const cpu = process.cpuUsage(cpu0);
process.stdout.write(`${JSON.stringify({ attempts: done + lost, lost, ms: Date.now() - t0, lastDialMs, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
process.exit(0);
