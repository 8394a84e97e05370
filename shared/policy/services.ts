// Which IAM actions can flow through an endpoint of each AWS service. An endpoint carries only the
// API calls of its own service, so an action of another service can never be authorised by its
// policy. Keys are the short names of `com.amazonaws.<region>.<short>`; values are the IAM action
// prefixes (service namespaces) of the calls it carries. Soundness first: when in doubt a prefix
// is included (more prefixes only make the analyser stricter).
//
// Sources: "AWS services that integrate with AWS PrivateLink"
// (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html) for
// the endpoint names, and the Service Authorization Reference
// (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html)
// for each service's action prefix; the entry-specific page is named beside each entry.

interface ServiceEntry {
  prefixes: readonly string[];
  source: string;
}

const SAR = 'https://docs.aws.amazon.com/service-authorization/latest/reference/';

const TABLE = new Map<string, ServiceEntry>([
  // S3 endpoints carry S3 calls, S3 Object Lambda access points and the S3 Express directory
  // buckets' object calls may go to the same host names: included when in doubt.
  ['s3', { prefixes: ['s3', 's3-object-lambda', 's3express'], source: `${SAR}list_amazons3.html; https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html` }],
  ['s3express', { prefixes: ['s3express'], source: `${SAR}list_amazons3express.html` }],
  ['dynamodb', { prefixes: ['dynamodb'], source: `${SAR}list_amazondynamodb.html; https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/vpc-endpoints-dynamodb.html` }],
  ['dynamodb-streams', { prefixes: ['dynamodb'], source: `${SAR}list_amazondynamodb.html` }],
  ['ec2', { prefixes: ['ec2'], source: `${SAR}list_amazonec2.html` }],
  ['ec2messages', { prefixes: ['ec2messages'], source: `${SAR}list_amazonmessagedeliveryservice.html` }],
  ['ssm', { prefixes: ['ssm'], source: `${SAR}list_awssystemsmanager.html` }],
  ['ssmmessages', { prefixes: ['ssmmessages'], source: `${SAR}list_amazonsessionmanagermessagegatewayservice.html` }],
  ['kms', { prefixes: ['kms'], source: `${SAR}list_awskeymanagementservice.html` }],
  ['secretsmanager', { prefixes: ['secretsmanager'], source: `${SAR}list_awssecretsmanager.html` }],
  ['sts', { prefixes: ['sts'], source: `${SAR}list_awssecuritytokenservice.html` }],
  ['logs', { prefixes: ['logs'], source: `${SAR}list_amazoncloudwatchlogs.html` }],
  ['monitoring', { prefixes: ['cloudwatch'], source: `${SAR}list_amazoncloudwatch.html` }],
  ['events', { prefixes: ['events'], source: `${SAR}list_amazoneventbridge.html` }],
  ['sqs', { prefixes: ['sqs'], source: `${SAR}list_amazonsqs.html` }],
  ['sns', { prefixes: ['sns'], source: `${SAR}list_amazonsns.html` }],
  ['lambda', { prefixes: ['lambda'], source: `${SAR}list_awslambda.html` }],
  ['ecr.api', { prefixes: ['ecr'], source: `${SAR}list_amazonelasticcontainerregistry.html` }],
  // Image pulls through ecr.dkr are authorised as ecr:BatchGetImage and the like.
  ['ecr.dkr', { prefixes: ['ecr'], source: `${SAR}list_amazonelasticcontainerregistry.html; https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html` }],
  ['ecs', { prefixes: ['ecs'], source: `${SAR}list_amazonelasticcontainerservice.html` }],
  ['ecs-agent', { prefixes: ['ecs'], source: `${SAR}list_amazonelasticcontainerservice.html` }],
  ['ecs-telemetry', { prefixes: ['ecs'], source: `${SAR}list_amazonelasticcontainerservice.html` }],
  ['execute-api', { prefixes: ['execute-api'], source: `${SAR}list_amazonapigateway.html` }],
  ['apigateway', { prefixes: ['apigateway'], source: `${SAR}list_amazonapigatewaymanagement.html` }],
  ['kinesis-streams', { prefixes: ['kinesis'], source: `${SAR}list_amazonkinesis.html` }],
  ['kinesis-firehose', { prefixes: ['firehose'], source: `${SAR}list_amazonkinesisfirehose.html` }],
  ['elasticloadbalancing', { prefixes: ['elasticloadbalancing'], source: `${SAR}list_awselasticloadbalancingv2.html` }],
  ['autoscaling', { prefixes: ['autoscaling'], source: `${SAR}list_amazonec2autoscaling.html` }],
  ['cloudformation', { prefixes: ['cloudformation'], source: `${SAR}list_awscloudformation.html` }],
  ['codecommit', { prefixes: ['codecommit'], source: `${SAR}list_awscodecommit.html` }],
  ['git-codecommit', { prefixes: ['codecommit'], source: `${SAR}list_awscodecommit.html` }],
  ['codebuild', { prefixes: ['codebuild'], source: `${SAR}list_awscodebuild.html` }],
  ['glue', { prefixes: ['glue'], source: `${SAR}list_awsglue.html` }],
  ['athena', { prefixes: ['athena'], source: `${SAR}list_amazonathena.html` }],
  ['sagemaker.api', { prefixes: ['sagemaker'], source: `${SAR}list_amazonsagemaker.html` }],
  ['sagemaker.runtime', { prefixes: ['sagemaker'], source: `${SAR}list_amazonsagemaker.html` }],
  ['states', { prefixes: ['states'], source: `${SAR}list_awsstepfunctions.html` }],
  ['elasticfilesystem', { prefixes: ['elasticfilesystem'], source: `${SAR}list_amazonelasticfilesystem.html` }],
  ['rds', { prefixes: ['rds'], source: `${SAR}list_amazonrds.html` }],
  ['rds-data', { prefixes: ['rds-data'], source: `${SAR}list_amazonrdsdataapi.html` }],
  ['redshift', { prefixes: ['redshift'], source: `${SAR}list_amazonredshift.html` }],
  ['redshift-data', { prefixes: ['redshift-data'], source: `${SAR}list_amazonredshiftdataapi.html` }],
  ['config', { prefixes: ['config'], source: `${SAR}list_awsconfig.html` }],
  ['ebs', { prefixes: ['ebs'], source: `${SAR}list_amazonelasticblockstore.html` }],
  ['backup', { prefixes: ['backup'], source: `${SAR}list_awsbackup.html` }],
  ['eks', { prefixes: ['eks'], source: `${SAR}list_amazonelastickubernetesservice.html` }],
  ['elasticache', { prefixes: ['elasticache'], source: `${SAR}list_amazonelasticache.html` }],
  ['servicecatalog', { prefixes: ['servicecatalog'], source: `${SAR}list_awsservicecatalog.html` }],
  ['textract', { prefixes: ['textract'], source: `${SAR}list_amazontextract.html` }],
  ['access-analyzer', { prefixes: ['access-analyzer'], source: `${SAR}list_awsidentityandaccessmanagementaccessanalyzer.html` }],
]);

const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+$/;

/**
 * The short name of an endpoint service: `com.amazonaws.eu-west-1.ecr.api` → `ecr.api`, `s3` →
 * `s3`. Undefined for partner and custom services (`…vpce-svc-…`), whose calls are unknown.
 */
export function serviceShortName(service: string): string | undefined {
  const name = service.trim().toLowerCase();
  if (name === '' || name.includes('vpce-svc-')) return undefined;
  const parts = name.split('.');
  const at = parts.findIndex((p) => REGION.test(p));
  return at < 0 ? name : parts.slice(at + 1).join('.');
}

/**
 * The IAM action prefixes an endpoint of this service carries (lower case), or undefined when the
 * service is not known: then every action counts.
 */
export function serviceActionPrefixes(service: string | undefined): readonly string[] | undefined {
  if (service === undefined) return undefined;
  const short = serviceShortName(service);
  return short === undefined ? undefined : TABLE.get(short)?.prefixes;
}

/** Every service of the table with its prefixes and source, for documentation and tests. */
export function serviceTable(): ReadonlyArray<{ service: string } & ServiceEntry> {
  return [...TABLE].map(([service, entry]) => ({ service, ...entry }));
}
