import { defineConfig } from 'vitest/config';

// Tiers, kept apart by name: `unit` is pure logic and adapters with stubs; `browser` drives the web console in headless
// Chromium (no Asterisk); `lab` runs on the real Asterisk with SIPp.
export default defineConfig({
  test: {
    reporters: ['default', './tests/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/http/**/*.test.ts'],
          environment: 'node',
          // CI runs this tier beside the lab tier on two cores: the fuzz and role-table files build a whole API per case
          // and took over vitest's 5 s default there, though each takes well under a second on a quiet machine.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.browser.test.ts'],
          environment: 'node',
          // One headless Chromium at a time: the machine has two cores.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'lab',
          include: ['tests/lab/**/*.lab.test.ts'],
          environment: 'node',
          globalSetup: ['tests/lab/global-setup.ts'],
          setupFiles: ['tests/lab/asterisk-watch.ts', 'tests/lab/channel-sweep.ts'],
          // One Asterisk for the whole tier: its files run one after another in one process.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          // Several Asterisk nodes behind Kamailio (issue 14). Its own global setup brings the 2-node lab up and down;
          // tests/run-tiers.mjs runs it after the single-node lab tier, which uses the same callers' and agents' addresses.
          name: 'lab-multi',
          include: ['tests/lab-multi/**/*.lab.test.ts'],
          environment: 'node',
          globalSetup: ['tests/lab-multi/global-setup.ts'],
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
