import { afterAll } from 'vitest';
import { labTierConfig } from './lab-slot.js';
import { stopSpawnedServices } from './support.js';

/**
 * Each lab file leaves Asterisk as it found it. A service stops with its calls still up (the next run reconciles
 * them: src/service/service.ts stop()), and the lab carrier keeps an answered call until the far end hangs up, so a
 * file that ends with calls up would hand them to the next file's service, which adopts them on start. The sweep names
 * what it ends, so the file that left it is known. Services a test spawned and left running (a failure) go first.
 */
afterAll(async () => {
  const services = await stopSpawnedServices();
  if (services > 0) console.warn(`[lab] ${services} spawned service(s) still running after this file, killed`);
  const { ari } = labTierConfig();
  const auth = `Basic ${Buffer.from(`${ari.username}:${ari.password}`).toString('base64')}`;
  const res = await fetch(`${ari.url}/ari/channels`, { headers: { authorization: auth } }).catch(() => null);
  if (!res?.ok) return;
  const channels = (await res.json()) as Array<{ id: string; name: string }>;
  if (channels.length === 0) return;
  console.warn(`[lab] ${channels.length} channel(s) still up after this file, hung up: ${channels.map((c) => c.name).join(', ')}`);
  await Promise.all(channels.map((c) => fetch(`${ari.url}/ari/channels/${encodeURIComponent(c.id)}`, { method: 'DELETE', headers: { authorization: auth } }).catch(() => null)));
});
