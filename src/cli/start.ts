import type { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import { buildHttp } from '../http/app.js';
import { labUp } from '../lab/lab.js';
import { createService } from '../service/service.js';

/** `hotline start`: the service in the foreground until SIGINT/SIGTERM. */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('run the service: store, ARI, HTTP on 127.0.0.1')
    .option('--lab', 'bring the local lab Asterisk up first (provisioning it on first use)')
    .action(async (opts: { lab?: boolean }) => {
      const config = loadConfig(program.opts<{ config?: string }>().config);
      if (opts.lab) await labUp(config);
      const service = createService(config);
      const http = buildHttp(service);
      await service.start();
      await http.listen({ host: config.service.host, port: config.service.port });
      service.log.info({ host: config.service.host, port: config.service.port, ari: config.ari.url }, 'hotline started');
      let stopping = false;
      const shutdown = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        service.log.info({ signal }, 'shutting down');
        const force = setTimeout(() => process.exit(1), config.service.shutdownGraceMs).unref();
        await http.close();
        await service.stop();
        clearTimeout(force);
        process.exit(0);
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
    });
}
