import { isDeepStrictEqual } from 'node:util';
import type { ScanConfig } from '../engine/config.js';
import { runRules } from '../engine/run.js';
import { AccountModel, accountDataFromSnapshot, type AccountData, type Endpoint, type VpcDnsSettings } from '../model/index.js';
import type { AnalyseOptions } from '../policy/index.js';
import { findRule } from '../rules/catalogue.js';
import { EXEMPT_TAG, exemptionFor } from '../rules/exemption.js';
import { changeOf, stepOf } from './changes.js';
import { ResourceVanishedError } from './errors.js';
import { policyChangeRefusals } from './policy-guard.js';
import type { RemediationPort } from './port.js';
import type { RemediationSettings } from './settings.js';
import type { Change, OutcomeStatus, RemediationOutcome, RemediationPlan, StepOutcome } from './types.js';

/** One execution of remediation plans. */
export interface RemediationRun {
  /** The state the plans were made from, just read from EC2 (or a snapshot, for a dry run). */
  data: AccountData;
  config: ScanConfig;
  /** Plans as `runRules` returned them. */
  plans: readonly RemediationPlan[];
  mode: 'dry-run' | 'apply';
  settings: RemediationSettings;
  port: RemediationPort;
  /** Called with each outcome as soon as it is known (the CLI prints it). */
  onOutcome?: (outcome: RemediationOutcome) => void;
}

function message(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The endpoint's fields that a plan depends on, in a form two reads can be compared by. */
function fingerprint(endpoint: Endpoint | undefined): unknown {
  if (!endpoint) return undefined;
  const sorted = (list: readonly string[]) => [...list].sort();
  return {
    state: endpoint.state,
    policy: endpoint.policyDocument,
    routeTableIds: sorted(endpoint.routeTableIds),
    subnetIds: sorted(endpoint.subnetIds),
    groupIds: sorted(endpoint.groupIds),
    privateDns: endpoint.privateDnsEnabled,
    tags: endpoint.tags,
    requesterManaged: endpoint.requesterManaged,
  };
}

/** The analyser options the rule itself uses, so the re-analysis judges by the same boundary. */
function analyseOptionsFor(endpoint: Endpoint, model: AccountModel, config: ScanConfig): AnalyseOptions | undefined {
  const params = (config.params.get('endpoint-policy-restricted') ?? {}) as { orgId?: string; trustedAccounts?: string[]; awsOwnedResources?: string[] };
  const accountId = endpoint.ownerId ?? config.settings.accountId ?? model.accountId;
  if (!accountId) return undefined;
  const orgId = params.orgId ?? config.settings.orgId;
  const region = model.regionOf(endpoint);
  const options = {
    accountId,
    trustedAccounts: params.trustedAccounts ?? config.settings.trustedAccounts,
    ...(orgId ? { orgId } : {}),
    ...(region ? { region } : {}),
    ...(params.awsOwnedResources ? { awsOwnedResources: params.awsOwnedResources } : {}),
    service: endpoint.serviceName,
  };
  return options;
}

type Checked = { changes: Change[]; skipped: string[] } | { refused: string };

/**
 * Executes the core's remediation plans safely. For each plan, in order:
 * - only rules switched on in `settings.rules` act; refused plans are reported as such;
 * - at most `settings.maxChanges` changes are made (or, in a dry run, would be); the rest are
 *   reported as deferred;
 * - right before its change the endpoint is read again from EC2; when it moved since the plan the
 *   plan is made again from the new state (or dropped when there is nothing left to do), so a
 *   stale plan is never applied, and a replayed event changes nothing;
 * - an exempt or vanished resource is reported, not changed or retried;
 * - every step must be one of the three typed changes (never a removal or a reset); a new policy
 *   must analyse as restricted and allow nothing the old one denied; route tables already
 *   associated, attributes already on and the same policy again are not sent.
 * Failures are outcomes (`failed`), never exceptions: one plan never stops the others.
 */
export async function executeRemediations(run: RemediationRun): Promise<RemediationOutcome[]> {
  const endpoints = new Map(run.data.endpoints.map((e) => [e.id, e]));
  const dns = new Map((run.data.vpcDns ?? []).map((d) => [d.vpcId, d]));
  const vpcs = run.data.vpcs ? new Map(run.data.vpcs.map((v) => [v.id, v])) : undefined;
  const routeTables = new Map((run.data.routeTables ?? []).map((t) => [t.id, t]));
  let budget = run.settings.maxChanges;
  const outcomes: RemediationOutcome[] = [];

  const model = (): AccountModel =>
    new AccountModel({ ...run.data, endpoints: [...endpoints.values()], ...(run.data.vpcDns ? { vpcDns: [...dns.values()] } : {}) });

  async function one(planned: RemediationPlan): Promise<RemediationOutcome> {
    const original = endpoints.get(planned.resourceId);
    const outcome = (status: OutcomeStatus, reason: string, extra: Partial<RemediationOutcome> = {}): RemediationOutcome => ({
      ruleId: planned.ruleId,
      resourceType: planned.resourceType,
      resourceId: planned.resourceId,
      ...(original ? { vpcId: original.vpcId } : {}),
      status,
      reason,
      replanned: false,
      plan: planned,
      steps: [],
      ...extra,
    });
    const rule = findRule(planned.ruleId);
    if (!run.settings.rules.has(planned.ruleId) || !rule) {
      return outcome('not-enabled', `remediation of ${planned.ruleId} is not switched on (remediation.rules)`);
    }
    if (planned.status === 'refused') return outcome('refused', planned.summary);
    if (planned.resourceType !== 'AWS::EC2::VPCEndpoint' || !original) {
      return outcome('refused', `only endpoint plans are executed; ${planned.resourceId} is not an endpoint that was read`);
    }
    if (budget <= 0) return outcome('deferred', `the cap of ${run.settings.maxChanges} changes per invocation is reached; the next run will do it`);

    // Re-read right before the change: the plan was made from a read that may be stale by now.
    let freshRaw;
    try {
      freshRaw = await run.port.readEndpoint(planned.resourceId);
    } catch (error) {
      return outcome('failed', `cannot read ${planned.resourceId} again before changing it: ${message(error)}`);
    }
    if (!freshRaw) return outcome('vanished', `${planned.resourceId} no longer exists`);
    const fresh = accountDataFromSnapshot({ VpcEndpoints: [freshRaw] }).endpoints[0]!;
    const replanned = !isDeepStrictEqual(fingerprint(original), fingerprint(fresh));
    endpoints.set(fresh.id, fresh);
    const withReplan = (extra: Partial<RemediationOutcome> = {}): Partial<RemediationOutcome> => ({ replanned, ...extra });

    const exempt = exemptionFor(fresh.tags, planned.ruleId);
    if (exempt !== undefined) return outcome('skipped', `exempt by tag ${EXEMPT_TAG}=${exempt}`, withReplan());

    if (planned.steps.some((s) => s.action === 'ec2:ModifyVpcAttribute')) {
      try {
        const support = await run.port.readVpcAttribute(fresh.vpcId, 'enableDnsSupport');
        const hostnames = await run.port.readVpcAttribute(fresh.vpcId, 'enableDnsHostnames');
        if (support === undefined || hostnames === undefined) return outcome('vanished', `${fresh.vpcId} no longer exists`, withReplan());
        dns.set(fresh.vpcId, { vpcId: fresh.vpcId, dnsSupport: support, dnsHostnames: hostnames } satisfies VpcDnsSettings);
      } catch (error) {
        return outcome('failed', `cannot read the DNS attributes of ${fresh.vpcId} again: ${message(error)}`, withReplan());
      }
    }

    // Plan again from what was just read; the core decides, the engine never edits a plan's intent.
    const current = model();
    const result = runRules(current, { rules: [rule], config: run.config, resourceIds: new Set([fresh.id]) });
    const error = result.errors.find((e) => e.resourceId === fresh.id || e.resourceId === undefined);
    if (error) return outcome('failed', `cannot judge ${fresh.id} again: ${error.message}`, withReplan());
    const evaluation = result.evaluations.find((e) => e.resourceId === fresh.id);
    if (evaluation && evaluation.complianceType !== 'NON_COMPLIANT') {
      return outcome('skipped', `${fresh.id} is ${evaluation.complianceType} now: ${evaluation.annotation}`, withReplan());
    }
    const plan = result.remediations.find((p) => p.resourceId === fresh.id);
    if (!plan) return outcome('skipped', `nothing to change on ${fresh.id} any more`, withReplan());
    if (plan.status === 'refused') return outcome('refused', plan.summary, withReplan({ plan }));

    const checked = checkChanges(plan, fresh, current);
    if ('refused' in checked) return outcome('refused', checked.refused, withReplan({ plan }));
    const acted = actedPlan(plan, fresh, checked.changes);
    if (checked.changes.length === 0) {
      return outcome('skipped', `already in place: ${checked.skipped.join('; ') || 'nothing to send'}`, withReplan({ plan: acted }));
    }
    if (checked.changes.length > budget) {
      return outcome('deferred', `needs ${checked.changes.length} changes, ${budget} left of the cap of ${run.settings.maxChanges} per invocation`, withReplan({ plan: acted }));
    }

    const steps: StepOutcome[] = [];
    let status: OutcomeStatus = run.mode === 'apply' ? 'applied' : 'would-apply';
    let reason = run.mode === 'apply' ? plan.summary : `would: ${plan.summary}`;
    for (const change of checked.changes) {
      const step = stepOf(change);
      if (status === 'failed' || status === 'vanished') {
        steps.push({ step, status: 'not-sent' });
        continue;
      }
      budget -= 1;
      try {
        if (run.mode === 'apply') await run.port.apply(change);
        else if (run.port.probe) await run.port.probe(change);
        steps.push({ step, status: run.mode === 'apply' ? 'applied' : 'would-apply' });
      } catch (error) {
        steps.push({ step, status: 'failed', error: message(error) });
        status = error instanceof ResourceVanishedError ? 'vanished' : 'failed';
        reason = error instanceof ResourceVanishedError ? `${message(error)}; not retried` : `${step.action} failed: ${message(error)}`;
      }
    }
    return outcome(status, reason, withReplan({ plan: acted, steps }));
  }

  /** Turns the plan's steps into typed changes and drops or refuses what must not be sent. */
  function checkChanges(plan: RemediationPlan, fresh: Endpoint, current: AccountModel): Checked {
    const changes: Change[] = [];
    const skipped: string[] = [];
    for (const step of plan.steps) {
      const change = changeOf(step);
      if ('refused' in change) return { refused: change.refused };
      switch (change.kind) {
        case 'add-route-tables': {
          if (change.endpointId !== fresh.id) return { refused: `the step names ${change.endpointId}, not ${fresh.id}` };
          const foreign = change.routeTableIds.filter((id) => routeTables.get(id)?.vpcId !== fresh.vpcId);
          if (foreign.length) return { refused: `${foreign.join(', ')} ${foreign.length === 1 ? 'is' : 'are'} not a route table of ${fresh.vpcId} that was read` };
          const missing = change.routeTableIds.filter((id) => !fresh.routeTableIds.includes(id));
          if (missing.length < change.routeTableIds.length) skipped.push(`${change.routeTableIds.filter((id) => !missing.includes(id)).join(', ')} already associated`);
          if (missing.length) changes.push({ ...change, routeTableIds: missing });
          break;
        }
        case 'set-endpoint-policy': {
          if (change.endpointId !== fresh.id) return { refused: `the step names ${change.endpointId}, not ${fresh.id}` };
          if (fresh.policyDocument === undefined) return { refused: `${fresh.id} has no policy to replace` };
          if (change.policyDocument === fresh.policyDocument) {
            skipped.push('the policy is already the one planned');
            break;
          }
          const options = analyseOptionsFor(fresh, current, run.config);
          if (!options) return { refused: `cannot tell the account of ${fresh.id} to check the new policy` };
          const refusals = policyChangeRefusals(fresh.policyDocument, change.policyDocument, options);
          if (refusals.length) return { refused: `not sending the new policy: ${refusals.join('; ')}` };
          changes.push(change);
          break;
        }
        case 'enable-vpc-attribute': {
          if (change.vpcId !== fresh.vpcId) return { refused: `the step names ${change.vpcId}, not the endpoint's VPC ${fresh.vpcId}` };
          const vpc = vpcs?.get(change.vpcId);
          if (!vpc) return { refused: `${change.vpcId} was not read, so its ${EXEMPT_TAG} tag cannot be checked` };
          const exempt = exemptionFor(vpc.tags, plan.ruleId);
          if (exempt !== undefined) return { refused: `${change.vpcId} is exempt by tag ${EXEMPT_TAG}=${exempt}` };
          const now = dns.get(change.vpcId);
          const on = change.attribute === 'enableDnsSupport' ? now?.dnsSupport : now?.dnsHostnames;
          if (on === true) skipped.push(`${change.attribute} of ${change.vpcId} is already on`);
          else changes.push(change);
          break;
        }
      }
    }
    return { changes, skipped };
  }

  for (const plan of run.plans) {
    const result = await one(plan);
    outcomes.push(result);
    run.onOutcome?.(result);
  }
  return outcomes;
}

/** The plan as it is acted on: its steps are the changes sent, before and after from the state just read. */
function actedPlan(plan: RemediationPlan, fresh: Endpoint, changes: readonly Change[]): RemediationPlan {
  const tables = changes.flatMap((c) => (c.kind === 'add-route-tables' ? c.routeTableIds : []));
  const acted: RemediationPlan = { ...plan, steps: changes.map(stepOf) };
  if (plan.ruleId === 'gateway-endpoint-route-tables') {
    acted.before = { RouteTableIds: fresh.routeTableIds };
    acted.after = { RouteTableIds: [...fresh.routeTableIds, ...tables] };
  }
  if (plan.ruleId === 'endpoint-policy-restricted') acted.before = { PolicyDocument: fresh.policyDocument };
  return acted;
}
