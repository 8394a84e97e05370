import type { AccountModel, Tags } from '../model/index.js';
import type { Rule } from './types.js';

/** What the engine needs of any judged resource: its id and its tags (for the exemption tag). */
export interface JudgedResource {
  id: string;
  tags?: Tags;
}

/** Every resource of the rule's type in the model, in input order. */
export function resourcesOf(rule: Rule, model: AccountModel): readonly JudgedResource[] {
  switch (rule.resourceType) {
    case 'AWS::EC2::VPCEndpoint':
      return model.endpoints;
    case 'AWS::EC2::VPC':
      return model.vpcs;
    case 'AWS::EC2::SecurityGroup':
      return model.allSecurityGroups();
    case 'AWS::EC2::VPCEndpointService':
      return model.endpointServices;
    case 'AWS::ApiGateway::RestApi':
      return model.restApis;
  }
}
