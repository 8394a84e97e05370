import { globCovers, globMatch } from './glob.js';
// AWS-owned S3 buckets that AWS services and agents read through an S3 endpoint (Amazon Linux
// repositories, SSM, Patch Manager, CloudWatch agent, ECR layers and others). Source: AWS's
// data-perimeter examples, vpc_endpoint_policies/s3_endpoint_policy.json, statement
// AllowRequestsToAWSOwnedResources; two account-specific entries are left out. `<region>` and
// `<RegionWithoutDashes>` are filled in with the endpoint's region.

/** Actions an outsider may be allowed on AWS-owned buckets without making a policy permissive. */
export const AWS_OWNED_READ_ACTIONS: readonly string[] = ["s3:GetObject", "s3:ListBucket"];

/** Default of the `awsOwnedResources` parameter. */
export const DEFAULT_AWS_OWNED_RESOURCES: readonly string[] = [
  "arn:aws:s3:::packages.<region>.amazonaws.com/*",
  "arn:aws:s3:::repo.<region>.amazonaws.com/*",
  "arn:aws:s3:::amazonlinux.<region>.amazonaws.com/*",
  "arn:aws:s3:::amazonlinux-2-repos-<region>/*",
  "arn:aws:s3:::al2023-repos-<region>-de612dc2/*",
  "arn:aws:s3:::al2023-<region>/*",
  "arn:aws:s3:::repo.<region>.emr.amazonaws.com/*",
  "arn:aws:s3:::prod.<region>.appinfo.src/*",
  "arn:aws:s3:::aws-ssm-<region>/*",
  "arn:aws:s3:::aws-windows-downloads-<region>/*",
  "arn:aws:s3:::amazon-ssm-<region>/*",
  "arn:aws:s3:::amazon-ssm-packages-<region>/*",
  "arn:aws:s3:::<region>-birdwatcher-prod/*",
  "arn:aws:s3:::aws-ssm-distributor-file-<region>/*",
  "arn:aws:s3:::aws-ssm-document-attachments-<region>/*",
  "arn:aws:s3:::patch-baseline-snapshot-<region>/*",
  "arn:aws:s3:::aws-patchmanager-macos-<region>/*",
  "arn:aws:s3:::amazoncloudwatch-agent-<region>/*",
  "arn:aws:s3:::amazoncloudwatch-agent/*",
  "arn:aws:s3:::aws-codedeploy-<region>/*",
  "arn:aws:s3:::ec2imagebuilder-toe-<region>-prod/*",
  "arn:aws:s3:::ec2imagebuilder-managed-resources-<region>-prod/components/*",
  "arn:aws:s3:::prod-<region>-starport-layer-bucket/*",
  "arn:aws:s3:::aws-mgn-clients-<region>/*",
  "arn:aws:s3:::aws-mgn-clients-hashes-<region>/*",
  "arn:aws:s3:::aws-mgn-internal-<region>/*",
  "arn:aws:s3:::aws-mgn-internal-hashes-<region>/*",
  "arn:aws:s3:::aws-application-migration-service-<region>/*",
  "arn:aws:s3:::aws-application-migration-service-hashes-<region>/*",
  "arn:aws:s3:::aws-drs-clients-<region>/*",
  "arn:aws:s3:::aws-drs-clients-hashes-<region>/*",
  "arn:aws:s3:::aws-drs-internal-<region>/*",
  "arn:aws:s3:::aws-drs-internal-hashes-<region>/*",
  "arn:aws:s3:::aws-elastic-disaster-recovery-<region>/*",
  "arn:aws:s3:::aws-elastic-disaster-recovery-hashes-<region>/*",
  "arn:aws:s3:::cloudformation-waitcondition-<region>/*",
  "arn:aws:s3:::cloudformation-custom-resource-response-<RegionWithoutDashes>/*",
  "arn:aws:s3:::aws-ec2-enclave-certificate-<region>-prod/*",
  "arn:aws:s3:::elasticbeanstalk-samples-<region>/*",
  "arn:aws:s3:::elasticbeanstalk-platform-assets-<region>/*",
  "arn:aws:s3:::elasticbeanstalk-env-resources-<region>/*",
  "arn:aws:s3:::elasticbeanstalk-<region>/*",
  "arn:aws:s3:::jumpstart-cache-prod-<region>/*",
  "arn:aws:s3:::jumpstart-cache-prod-<region>",
  "arn:aws:s3:::aws-neptune-notebook",
  "arn:aws:s3:::aws-neptune-notebook/*",
  "arn:aws:s3:::aws-neptune-notebook-<region>",
  "arn:aws:s3:::aws-neptune-notebook-<region>/*",
  "arn:aws:s3:::athena-examples-<region>/*",
  "arn:aws:s3:::athena-examples-<region>",
  "arn:aws:s3:::cloudformation-examples/*",
  "arn:aws:s3:::awssupportdatasvcs.com/*",
  "arn:aws:s3:::redshift-downloads/*",
  "arn:aws:s3:::session-manager-downloads/*",
  "arn:aws:s3:::ssm-document-categories/*",
  "arn:aws:s3:::aws-sap-data-provider/*",
  "arn:aws:s3:::aws-sap-dataprovider-<region>/*",
  "arn:aws:s3:::awssap-backint-agent/*",
];

/**
 * Fills the region placeholders of the AWS-owned resource patterns. Without a region only the
 * patterns that name no region can be used.
 */
export function expandAwsOwnedResources(patterns: readonly string[], region: string | undefined): readonly string[] {
  // Called for every policy analysed: expand each list once per region.
  let byRegion = expanded.get(patterns);
  if (!byRegion) expanded.set(patterns, (byRegion = new Map()));
  const key = region ?? '';
  const known = byRegion.get(key);
  if (known) return known;
  const out: string[] = [];
  for (const pattern of patterns) {
    const needsRegion = pattern.includes('<region>') || pattern.includes('<RegionWithoutDashes>');
    if (needsRegion && !region) continue;
    out.push(
      region ? pattern.replaceAll('<region>', region).replaceAll('<RegionWithoutDashes>', region.replaceAll('-', '')) : pattern,
    );
  }
  byRegion.set(key, out);
  return out;
}

const expanded = new WeakMap<readonly string[], Map<string, readonly string[]>>();

/** The literal head of each pattern (up to its first wildcard), per list, for cheap rejection. */
const heads = new WeakMap<readonly string[], string[]>();

function head(pattern: string): string {
  const star = pattern.indexOf('*');
  const mark = pattern.indexOf('?');
  const end = star < 0 ? mark : mark < 0 ? star : Math.min(star, mark);
  return end < 0 ? pattern : pattern.slice(0, end);
}

function headsOf(patterns: readonly string[]): string[] {
  let known = heads.get(patterns);
  if (!known) heads.set(patterns, (known = patterns.map(head)));
  return known;
}

/** True when an AWS-owned pattern (already expanded) matches the resource. */
export function ownedMatch(owned: readonly string[], resource: string): boolean {
  const h = headsOf(owned);
  return owned.some((o, i) => resource.startsWith(h[i]!) && globMatch(o, resource));
}

/** True when an AWS-owned pattern covers every resource the pattern names. */
export function ownedCovers(owned: readonly string[], pattern: string): boolean {
  const h = headsOf(owned);
  const own = head(pattern);
  return owned.some((o, i) => (own.startsWith(h[i]!) || h[i]!.startsWith(own)) && globCovers(o, pattern));
}
