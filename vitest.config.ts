import { defineConfig } from 'vitest/config';

// Tiers, kept apart by name: `unit` is pure logic and adapters with stubs; `lab` runs on the real Asterisk with SIPp.
export default defineConfig({
  test: {
    reporters: ['default', './tests/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/http/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'lab',
          include: ['tests/lab/**/*.lab.test.ts'],
          environment: 'node',
          globalSetup: ['tests/lab/global-setup.ts'],
          // One Asterisk for the whole tier: its files run one after another in one process.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
