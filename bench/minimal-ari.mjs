// The baseline "minimal ari-client app" of bench/ivr.ts: answers, plays one prompt, hangs up when it ends.
// Nothing else: no records, no logging, no reconnect. Run: node bench/minimal-ari.mjs URL USER PASS
import ari from 'ari-client';

const [url = 'http://127.0.0.1:8088', user = 'hotline', pass = 'hotline-lab-ari'] = process.argv.slice(2);
const client = await ari.connect(url, user, pass);
client.on('StasisStart', async (event, channel) => {
  try {
    await channel.answer();
    const playback = client.Playback();
    playback.once('PlaybackFinished', () => channel.hangup().catch(() => undefined));
    await channel.play({ media: 'sound:hello-world' }, playback);
  } catch {
    // the caller left first
  }
});
await client.start('bench-minimal');
process.stdout.write('ready\n');
