import { execFileSync } from 'node:child_process';

// The CLI tests run the real executable, so build it once before the suite.
export default function setup(): void {
  execFileSync(process.execPath, ['infra/build.mjs'], { stdio: 'inherit' });
}
