import { readFileSync } from 'node:fs';

// Which AWS SDK commands can a bundle send? In the SDK's current code every client module
// creates a command builder naming its Smithy service,
//   command6 = makeBuilder(commonParams6, "AmazonEC2", "EC2Client", getEndpointPlugin)
// and every command class is built by it with the operation name:
//   DescribeVpcEndpointsCommand = class extends command6(_ep06, _mw06, "DescribeVpcEndpoints", …)
// esbuild keeps only the command classes the code imports (tree-shaking), so this is the set the
// bundle can send. As a guard against a change of the SDK's code shape, the number of commands
// found must equal the number of command modules esbuild names in its `// node_modules/…` comments.

export interface BundledCommand {
  /** Smithy service shape name, e.g. `AmazonEC2`. */
  service: string;
  /** The SDK client class, e.g. `EC2Client`. */
  client: string;
  /** Operation name, e.g. `DescribeVpcEndpoints`. */
  operation: string;
}

const BUILDER = /\b([\w$]+) = makeBuilder\(\s*[\w$]+,\s*"(\w+)",\s*"(\w+)"/g;
const COMMAND = /class extends ([\w$]+)\(\s*[\w$]+,\s*[\w$]+,\s*"(\w+)"/g;
const COMMAND_MODULE = /^\/\/ node_modules\/@aws-sdk\/[^\n]*\/commands\/\w+Command\.js$/gm;

/** The SDK commands a bundle can send; throws when the bundle's text is not in the expected shape. */
export function bundledCommands(bundlePath: string): BundledCommand[] {
  const text = readFileSync(bundlePath, 'utf8');
  const builders = new Map<string, { service: string; client: string }>();
  for (const [, name, service, client] of text.matchAll(BUILDER)) builders.set(name!, { service: service!, client: client! });
  const commands: BundledCommand[] = [];
  for (const [, builder, operation] of text.matchAll(COMMAND)) {
    const origin = builders.get(builder!);
    if (!origin) throw new Error(`${bundlePath}: command ${operation} is built by ${builder}, which is no makeBuilder(...) of the bundle`);
    commands.push({ ...origin, operation: operation! });
  }
  const modules = text.match(COMMAND_MODULE)?.length ?? 0;
  if (modules !== commands.length) {
    throw new Error(`${bundlePath}: found ${commands.length} command classes but ${modules} SDK command modules: the SDK's code shape changed; update test/helpers/bundle-commands.ts`);
  }
  return commands;
}
