import { readSnapshot } from '../model/index.js';
import { CATALOGUE } from '../rules/catalogue.js';
import { writeReport } from './io.js';
import { liveEc2Client, readLiveSnapshot } from './live.js';
import { selectRules } from '../engine/index.js';

export interface SnapshotOptions {
  region?: string;
  rules?: string[];
  output?: string;
}

/**
 * `vpce-guard snapshot`: reads the live account with the reader `scan` uses (every part the
 * rules need, endpoint service details included) and writes the snapshot `scan --snapshot`
 * takes, to `--output` or stdout. The snapshot is validated before it is written. Returns 0.
 */
export async function snapshotCommand(options: SnapshotOptions): Promise<number> {
  const rules = options.rules ? selectRules(options.rules) : CATALOGUE;
  const client = liveEc2Client(options.region);
  try {
    const { snapshot, region } = await readLiveSnapshot(client, new Set(rules.flatMap((r) => r.requires)), true);
    // What scan would refuse must not be written as if it were a snapshot.
    readSnapshot(JSON.parse(JSON.stringify(snapshot)), `snapshot of ${region}`);
    await writeReport({ text: `${JSON.stringify(snapshot, null, 2)}\n`, files: [] }, options.output);
    if (options.output && options.output !== '-') process.stderr.write(`vpce-guard: wrote the snapshot of ${region} to ${options.output}\n`);
    return 0;
  } finally {
    client.destroy();
  }
}
