import { defineConfig } from 'vitest/config';

// The suite StrykerJS runs for `npm run mutate`: the in-process tests of the rule core. The CLI
// tests run the built executable in a child process, where no mutant is ever active, so they
// are left out (and so is the build they need). VPCE_GUARD_MUTATE=policy runs the analyser's
// tests instead, for `npx stryker run --mutate 'shared/policy/**/*.ts'`.
export default defineConfig({
  test: {
    include: process.env.VPCE_GUARD_MUTATE === 'policy' ? ['test/shared/policy/**/*.test.ts'] : ['test/shared/{model,rules,engine}/**/*.test.ts'],
    // The analyser's property and differential tests are slow; a sample run leaves them out.
    exclude: process.env.VPCE_GUARD_MUTATE === 'policy' && process.env.VPCE_GUARD_MUTATE_SAMPLE ? ['test/shared/policy/{tighten,differential}.test.ts'] : [],
    setupFiles: ['test/setup.ts'],
    environment: 'node',
    env: { AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' },
    testTimeout: 120_000,
  },
});
