import { partitionOf } from '../lambda/settings.js';

function consoleHost(region: string): string {
  switch (partitionOf(region)) {
    case 'aws-cn':
      return `https://${region}.console.amazonaws.cn`;
    case 'aws-us-gov':
      return `https://${region}.console.amazonaws-us-gov.com`;
    default:
      return `https://${region}.console.aws.amazon.com`;
  }
}

const q = encodeURIComponent;

/** The AWS Config timeline (configuration and compliance history) of a resource. */
export function historyLink(resourceType: string, resourceId: string, region: string): string {
  return `${consoleHost(region)}/config/home?region=${q(region)}#/resources/timeline?resourceId=${q(resourceId)}&resourceType=${q(resourceType)}`;
}

/** The resource in the VPC console (endpoints and VPCs), else its AWS Config timeline. */
export function resourceLink(resourceType: string, resourceId: string, region: string): string {
  const vpc = `${consoleHost(region)}/vpcconsole/home?region=${q(region)}`;
  if (resourceType === 'AWS::EC2::VPCEndpoint') return `${vpc}#EndpointDetails:vpcEndpointId=${q(resourceId)}`;
  if (resourceType === 'AWS::EC2::VPC') return `${vpc}#VpcDetails:VpcId=${q(resourceId)}`;
  return historyLink(resourceType, resourceId, region);
}

/** The Config rule's page in the AWS Config console. */
export function ruleLink(configRuleName: string, region: string): string {
  return `${consoleHost(region)}/config/home?region=${q(region)}#/rules/details?configRuleName=${q(configRuleName)}`;
}

/** The `vpce-guard` command that shows the finding and previews its fix. */
export function previewCommand(ruleId: string, region: string | undefined): string {
  return `vpce-guard scan${region ? ` --region ${region}` : ''} --rules ${ruleId} --plan`;
}
