// Events in the shapes of the team's reference samples (Config rule events, EventBridge
// CloudTrail and compliance-change events), filled with the ids of the account seeded in moto.
import type { VpcEndpoint } from '@aws-sdk/client-ec2';
import { randomUUID } from 'node:crypto';
import { ACCOUNT_ID } from './runner.js';

const REGION = 'us-east-1';

/** A Config custom-rule event around an invoking event. */
export function configRuleEvent(ruleId: string, resultToken: string, invokingEvent: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '1.0',
    invokingEvent: JSON.stringify(invokingEvent),
    ruleParameters: JSON.stringify({ ruleId }),
    resultToken,
    eventLeftScope: false,
    executionRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/service-role/vpce-guard-config`,
    configRuleArn: `arn:aws:config:${REGION}:${ACCOUNT_ID}:config-rule/config-rule-rel${ruleId.length}`,
    configRuleName: `vpce-guard-${ruleId}`,
    configRuleId: `config-rule-rel${ruleId.length}`,
    accountId: ACCOUNT_ID,
    ...extra,
  };
}

export function scheduledEvent(ruleId: string, resultToken: string, time = '2026-12-01T12:00:00.000Z'): Record<string, unknown> {
  return configRuleEvent(ruleId, resultToken, { awsAccountId: ACCOUNT_ID, notificationCreationTime: time, messageType: 'ScheduledNotification', recordVersion: '1.0' });
}

/** The configuration item Config records for an endpoint, from EC2's view of it. */
export function endpointItem(endpoint: VpcEndpoint, status = 'OK', captureTime = '2026-12-01T12:00:00.000Z'): Record<string, unknown> {
  const id = endpoint.VpcEndpointId!;
  return {
    relatedEvents: [],
    relationships: [{ resourceId: endpoint.VpcId, resourceName: null, resourceType: 'AWS::EC2::VPC', name: 'Is contained in Vpc' }],
    configuration: {
      vpcEndpointId: id,
      vpcEndpointType: endpoint.VpcEndpointType,
      vpcId: endpoint.VpcId,
      serviceName: endpoint.ServiceName,
      state: { value: endpoint.State },
      policyDocument: endpoint.PolicyDocument,
      routeTableIds: endpoint.RouteTableIds ?? [],
      subnetIds: endpoint.SubnetIds ?? [],
      groups: (endpoint.Groups ?? []).map((g) => ({ groupId: g.GroupId, groupName: g.GroupName })),
      privateDnsEnabled: endpoint.PrivateDnsEnabled ?? false,
      requesterManaged: false,
      networkInterfaceIds: endpoint.NetworkInterfaceIds ?? [],
      dnsEntries: [],
      creationTimestamp: '2026-12-01T11:00:00.000Z',
      tags: (endpoint.Tags ?? []).map((t) => ({ key: t.Key, value: t.Value })),
      ownerId: ACCOUNT_ID,
    },
    supplementaryConfiguration: {},
    tags: {},
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: captureTime,
    configurationStateId: Date.parse(captureTime),
    awsAccountId: ACCOUNT_ID,
    configurationItemStatus: status,
    resourceType: 'AWS::EC2::VPCEndpoint',
    resourceId: id,
    resourceName: null,
    ARN: `arn:aws:ec2:${REGION}:${ACCOUNT_ID}:vpc-endpoint/${id}`,
    awsRegion: REGION,
    availabilityZone: 'Not Applicable',
    configurationStateMd5Hash: '',
    resourceCreationTime: '2026-12-01T11:00:00.000Z',
  };
}

export function changeEvent(ruleId: string, resultToken: string, item: Record<string, unknown>): Record<string, unknown> {
  return configRuleEvent(ruleId, resultToken, {
    configurationItemDiff: null,
    configurationItem: item,
    notificationCreationTime: '2026-12-01T12:00:01.000Z',
    messageType: 'ConfigurationItemChangeNotification',
    recordVersion: '1.3',
  });
}

/** An EventBridge "AWS API Call via CloudTrail" event from EC2. */
export function cloudTrailEvent(eventName: string, requestParameters: unknown, responseElements: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const eventID = randomUUID();
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.ec2',
    account: ACCOUNT_ID,
    time: '2026-12-01T12:00:00Z',
    region: REGION,
    resources: [],
    detail: {
      eventVersion: '1.08',
      userIdentity: {
        type: 'AssumedRole',
        principalId: 'AROAEXAMPLEROLEID5678:network-operator',
        arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/NetworkOperator/network-operator`,
        accountId: ACCOUNT_ID,
      },
      eventTime: '2026-12-01T12:00:00Z',
      eventSource: 'ec2.amazonaws.com',
      eventName,
      awsRegion: REGION,
      sourceIPAddress: '198.51.100.7',
      userAgent: 'aws-cli/2.22.0',
      requestParameters,
      responseElements,
      requestID: randomUUID(),
      eventID,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT_ID,
      eventCategory: 'Management',
      ...extra,
    },
  };
}

/** CreateVpcEndpoint (gateway) in the wrapped style of newer EC2 APIs. */
export function createGatewayEndpointEvent(endpoint: VpcEndpoint, requestedTables: string[]): Record<string, unknown> {
  return cloudTrailEvent(
    'CreateVpcEndpoint',
    {
      CreateVpcEndpointRequest: {
        VpcId: endpoint.VpcId,
        ServiceName: endpoint.ServiceName,
        VpcEndpointType: 'Gateway',
        RouteTableId: requestedTables.map((content, i) => ({ tag: i + 1, content })),
      },
    },
    {
      CreateVpcEndpointResponse: {
        xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/',
        vpcEndpoint: {
          creationTimestamp: '2026-12-01T12:00:00.000Z',
          policyDocument: endpoint.PolicyDocument,
          state: 'available',
          privateDnsEnabled: false,
          requesterManaged: false,
          dnsEntrySet: '',
          subnetIdSet: '',
          routeTableIdSet: requestedTables.length === 1 ? { item: requestedTables[0] } : { item: requestedTables },
          vpcId: endpoint.VpcId,
          vpcEndpointId: endpoint.VpcEndpointId,
          networkInterfaceIdSet: '',
          groupSet: '',
          ownerId: Number(ACCOUNT_ID),
          serviceName: endpoint.ServiceName,
          vpcEndpointType: 'Gateway',
        },
        requestId: randomUUID(),
      },
    },
  );
}

/** ModifyVpcEndpoint as CloudTrail records it (only the endpoint id matters to the function). */
export function modifyEndpointEvent(endpointId: string, policyDocument?: string): Record<string, unknown> {
  return cloudTrailEvent(
    'ModifyVpcEndpoint',
    { ModifyVpcEndpointRequest: { VpcEndpointId: endpointId, ...(policyDocument ? { PolicyDocument: policyDocument } : {}) } },
    { ModifyVpcEndpointResponse: { xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/', return: true, requestId: randomUUID() } },
  );
}

/** An EventBridge "Config Rules Compliance Change" event. */
export function complianceChangeEvent(
  ruleId: string,
  resourceId: string,
  newType: string,
  oldType: string | undefined,
  annotation = 'No route to an S3 gateway endpoint in route tables serving subnets.',
): Record<string, unknown> {
  const result = (type: string, time: string) => ({
    evaluationResultIdentifier: {
      evaluationResultQualifier: { configRuleName: `vpce-guard-${ruleId}`, resourceType: 'AWS::EC2::VPCEndpoint', resourceId, evaluationMode: 'DETECTIVE' },
      orderingTimestamp: time,
    },
    complianceType: type,
    resultRecordedTime: time,
    configRuleInvokedTime: time,
    ...(type === 'NON_COMPLIANT' ? { annotation } : {}),
  });
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Config Rules Compliance Change',
    source: 'aws.config',
    account: ACCOUNT_ID,
    time: '2026-12-01T12:00:05Z',
    region: REGION,
    resources: [],
    detail: {
      resourceId,
      awsRegion: REGION,
      awsAccountId: ACCOUNT_ID,
      configRuleName: `vpce-guard-${ruleId}`,
      recordVersion: '1.0',
      configRuleARN: `arn:aws:config:${REGION}:${ACCOUNT_ID}:config-rule/config-rule-rel01`,
      messageType: 'ComplianceChangeNotification',
      newEvaluationResult: result(newType, '2026-12-01T12:00:04.000Z'),
      ...(oldType ? { oldEvaluationResult: result(oldType, '2026-11-30T12:00:04.000Z') } : {}),
      notificationCreationTime: '2026-12-01T12:00:05.000Z',
      resourceType: 'AWS::EC2::VPCEndpoint',
    },
  };
}
