// Bundles the CLI, the benchmark and the Lambda functions with esbuild. Everything is bundled, the
// AWS SDK included, with `mainFields: ['module', 'main']`: measured about twice as fast to load as
// leaving the SDK external. The function bundles (dist/functions/<name>/index.mjs, exporting
// `handler`) are the artefacts that deployment ships: there is no second bundling path.
import { existsSync } from 'node:fs';
import { build } from 'esbuild';

/** The Lambda functions, registered by hand: functions/<name>/handler.ts → dist/functions/<name>/index.mjs. */
export const FUNCTIONS = ['config-rule', 'api-change', 'compliance-alert'];

// ESM bundles that contain CommonJS dependencies need a require() of their own.
const requireShim =
  "import { createRequire as __vg_createRequire } from 'node:module';\nconst require = __vg_createRequire(import.meta.url);";

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  mainFields: ['module', 'main'],
  sourcemap: 'linked',
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: { cli: 'shared/cli/bin.ts' },
  outdir: 'dist',
  target: 'node20',
  outExtension: { '.js': '.js' },
  banner: { js: `#!/usr/bin/env node\n${requireShim}` },
});

// `npm run bench` (test/bench/): esbuild stays external, since the bench builds naive bundles with it.
await build({
  ...common,
  entryPoints: { bench: 'test/bench/scan-bench.ts' },
  outdir: 'dist',
  target: 'node20',
  outExtension: { '.js': '.js' },
  external: ['esbuild'],
  banner: { js: requireShim },
});

// Every registered function must exist: a missing one is a build error, not a smaller deployment.
const missing = FUNCTIONS.filter((name) => !existsSync(`functions/${name}/handler.ts`));
if (missing.length) throw new Error(`no handler for ${missing.map((n) => `functions/${n}/handler.ts`).join(', ')}`);
await Promise.all(
  FUNCTIONS.map(async (name) => {
    const outfile = `dist/functions/${name}/index.mjs`;
    const result = await build({
      ...common,
      entryPoints: [`functions/${name}/handler.ts`],
      outfile,
      // The Lambda runtime is nodejs22.x; Node 20 runs the same bundle in tests.
      target: 'node20',
      banner: { js: requireShim },
      metafile: true,
    });
    // The Lambda runtime calls `handler`: a bundle without it would deploy and fail on every event.
    const exports = result.metafile.outputs[outfile]?.exports ?? [];
    if (!exports.includes('handler')) {
      throw new Error(`functions/${name}/handler.ts: the bundle ${outfile} does not export "handler" (exports: ${exports.join(', ') || 'none'})`);
    }
  }),
);
