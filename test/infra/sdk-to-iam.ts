import type { BundledCommand } from '../helpers/bundle-commands.js';

// From the SDK commands a bundle can send to the IAM actions its role must allow. The IAM action
// is `<prefix>:<Operation>` unless listed in ACTION_EXCEPTIONS; a service missing from
// SERVICE_PREFIX is an error, so a new SDK client in a bundle forces a decision here.

/** Smithy service shape → IAM service prefix. */
export const SERVICE_PREFIX: Record<string, string> = {
  AmazonEC2: 'ec2',
  StarlingDoveService: 'config',
  AmazonSimpleNotificationService: 'sns',
  AWSSecurityTokenServiceV20110615: 'sts',
  BackplaneControlService: 'apigateway',
};

/** Operations whose IAM action is not `<prefix>:<Operation>`. */
export const ACTION_EXCEPTIONS: Record<string, string> = {
  // API Gateway's management API is authorised by HTTP method on resource paths.
  'BackplaneControlService:GetRestApis': 'apigateway:GET',
  'BackplaneControlService:GetRestApi': 'apigateway:GET',
};

/**
 * Commands of the SDK's default credential-provider chain (SSO, SSO OIDC, console sign-in, web
 * identity, profile role chaining). In Lambda the chain stops at the runtime's environment
 * credentials (fromEnv comes first), and none of these is authorised by the caller's IAM policy
 * anyway (bearer tokens; AssumeRoleWithWebIdentity is allowed by the target role's trust policy).
 */
export const CREDENTIAL_CHAIN: Record<string, string> = {
  'AWSSSOOIDCService:CreateToken': 'SSO OIDC token refresh (profile with sso_session)',
  'SWBPortalService:GetRoleCredentials': 'IAM Identity Center portal (SSO profile)',
  'Signin:CreateOAuth2Token': 'console sign-in credentials (aws login profile)',
  'Signin:CreateOAuth2TokenWithIAM': 'console sign-in credentials (aws login profile)',
  'AWSSecurityTokenServiceV20110615:AssumeRoleWithWebIdentity': 'web identity token file (AWS_WEB_IDENTITY_TOKEN_FILE)',
};

export interface Derivation {
  /** IAM actions the role must allow. */
  actions: Set<string>;
  /** The subset sent with member-account credentials when acting in a member account. */
  memberActions: Set<string>;
  /** Commands that need no grant, with the reason. */
  exempt: Map<string, string>;
}

/**
 * The IAM actions for a bundle's commands. STS AssumeRole is `sts:AssumeRole` when the function
 * assumes member-account roles (`assumesMemberRoles`: the bundle contains `memberRoleArn`, the only
 * source of role ARNs); otherwise it is only the default chain's profile role chaining, exempt.
 * EC2, Config and API Gateway calls are made with the member role in member accounts (the clients are built
 * with it); SNS goes to the central topic with the function's own role.
 */
export function deriveActions(commands: readonly BundledCommand[], assumesMemberRoles: boolean): Derivation {
  const actions = new Set<string>();
  const memberActions = new Set<string>();
  const exempt = new Map<string, string>();
  for (const { service, operation } of commands) {
    const key = `${service}:${operation}`;
    if (CREDENTIAL_CHAIN[key]) {
      exempt.set(key, CREDENTIAL_CHAIN[key]);
      continue;
    }
    if (key === 'AWSSecurityTokenServiceV20110615:AssumeRole' && !assumesMemberRoles) {
      exempt.set(key, 'profile role chaining of the default chain; the function assumes no member role');
      continue;
    }
    const prefix = SERVICE_PREFIX[service];
    if (!prefix) throw new Error(`bundle sends ${key}: service ${service} has no IAM prefix in test/infra/sdk-to-iam.ts`);
    const action = ACTION_EXCEPTIONS[key] ?? `${prefix}:${operation}`;
    actions.add(action);
    if (prefix === 'ec2' || prefix === 'config' || prefix === 'apigateway') memberActions.add(action);
  }
  return { actions, memberActions, exempt };
}
