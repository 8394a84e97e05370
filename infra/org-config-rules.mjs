// Prints the `aws configservice put-organization-config-rule` commands that deploy every catalogue
// rule to the whole organization, pointing at the central config-rule function. Run it in the
// management account or the Config delegated administrator (see infra/README.md):
//
//   node infra/org-config-rules.mjs --function-arn arn:aws:lambda:…:function:vpce-guard-prod-config-rule \
//     [--prefix vpce-guard-] [--frequency TwentyFour_Hours] [--excluded-accounts 111122223333,…]
/* global console, process, URL */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const { scopeTypes } = createRequire(import.meta.url)('./stack.cjs');
const { values } = parseArgs({
  options: {
    'function-arn': { type: 'string' },
    prefix: { type: 'string', default: 'vpce-guard-' },
    frequency: { type: 'string', default: 'TwentyFour_Hours' },
    'excluded-accounts': { type: 'string', default: '' },
  },
});
const functionArn = values['function-arn'];
if (!functionArn || !/^arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:[\w-]+$/.test(functionArn)) {
  console.error('org-config-rules: --function-arn must be the ARN of the central config-rule function');
  process.exit(2);
}
const excluded = values['excluded-accounts'].split(',').map((s) => s.trim()).filter(Boolean);
const rules = JSON.parse(execFileSync(process.execPath, [new URL('../dist/cli.js', import.meta.url).pathname, 'rules', '--format', 'json'], { encoding: 'utf8' }));

const quote = (text) => `'${text.replace(/'/g, "'\\''")}'`;
for (const rule of rules) {
  const metadata = {
    Description: rule.description.slice(0, 256),
    LambdaFunctionArn: functionArn,
    OrganizationConfigRuleTriggerTypes: ['ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification', 'ScheduledNotification'],
    InputParameters: JSON.stringify({ ruleId: rule.id }),
    MaximumExecutionFrequency: values.frequency,
    ResourceTypesScope: scopeTypes(rule),
  };
  const args = [
    'aws configservice put-organization-config-rule',
    `--organization-config-rule-name ${values.prefix}${rule.id}`,
    `--organization-custom-rule-metadata ${quote(JSON.stringify(metadata))}`,
    ...(excluded.length ? [`--excluded-accounts ${excluded.join(' ')}`] : []),
  ];
  console.log(args.join(' \\\n  '));
}
