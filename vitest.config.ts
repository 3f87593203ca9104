import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'griglie', include: ['test/**/*.test.ts'], provide: { writes: 'inline' } } },
      // The storage suite again with the repository's writes on a worker thread (as `griglie serve`
      // runs them): both write channels must keep the same contract.
      { extends: true, test: { name: 'storage, writes on a worker', include: ['test/storage/**/*.test.ts'], provide: { writes: 'worker' } } },
    ],
  },
});
