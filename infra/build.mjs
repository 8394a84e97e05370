// Bundles the CLI and the benchmark with esbuild. Everything is bundled, the AWS SDK included:
// measured about twice as fast to load as leaving the SDK external.
import { build } from 'esbuild';

const entries = {
  cli: 'shared/cli/bin.ts',
  bench: 'test/bench/scan-bench.ts',
};

await build({
  entryPoints: entries,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  mainFields: ['module', 'main'],
  sourcemap: 'linked',
  outExtension: { '.js': '.js' },
  // ESM bundles that contain CommonJS dependencies need a require() of their own.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __vg_createRequire } from 'node:module';\nconst require = __vg_createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
