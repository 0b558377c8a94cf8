import { afterAll, describe, expect, it } from 'vitest';
import { labDown, labUp } from '../../src/lab/lab.js';
import { buildHttp } from '../../src/http/app.js';
import { labConfig, startLabService, waitFor } from './support.js';

describe('Asterisk stops while the service runs', () => {
  // The shipped reconnect backoff (issue 17 item 9: back within 2 s of Asterisk answering again).
  const config = labConfig((c) => {
    c.ari.pingIntervalMs = 500;
  });

  afterAll(async () => {
    // Whatever happened, leave the lab up for the other files.
    await labUp(config);
  });

  it('reports it in /health, keeps running and reconnects when Asterisk is back', async () => {
    const { service } = await startLabService(config);
    const http = buildHttp(service);
    try {
      const before = await http.inject({ method: 'GET', url: '/health' });
      expect(before.statusCode).toBe(200);
      await waitFor(async () => (await http.inject({ method: 'GET', url: '/health' })).json().asterisk.version, 5000, 'version in /health');

      await labDown(config);
      const down = await waitFor(async () => {
        const r = await http.inject({ method: 'GET', url: '/health' });
        return r.statusCode === 503 ? r : null;
      }, 10_000, '/health to report ARI down');
      expect(down.json()).toMatchObject({ ok: false, ari: { connected: false }, db: { ok: true } });

      // Down long enough for the backoff to reach its cap, as under a real restart.
      await new Promise((r) => setTimeout(r, 6000));
      await labUp(config);
      const ariAnswered = Date.now();
      await waitFor(() => service.port.connected, 20_000, 'reconnect');
      expect(Date.now() - ariAnswered).toBeLessThanOrEqual(2000);
      const after = await http.inject({ method: 'GET', url: '/health' });
      expect(after.statusCode).toBe(200);
      const metrics = (await http.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toMatch(/^hotline_ari_reconnects_total [1-9]/m);
    } finally {
      await http.close();
      await service.stop();
    }
  });
});
