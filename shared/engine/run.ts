import type { AccountModel, Endpoint } from '../model/index.js';
import { ENDPOINT_TYPES, SNAPSHOT_KEY_OF_PART, TERMINAL_STATES, canonicalEndpointType } from '../model/index.js';
import { InputError } from '../errors.js';
import type { RemediationPlan, RemediationStep } from '../remediation/types.js';
import { fitAnnotation, renderAnnotation, type TemplateValue } from '../rules/annotation.js';
import { EXEMPT_TAG, exemptionFor, unknownExemptIds } from '../rules/exemption.js';
import { resourcesOf, type JudgedResource } from '../rules/resources.js';
import type { EvaluationError, EvaluationResult, Finding, Rule, RuleContext, Verdict } from '../rules/types.js';
import { CATALOGUE } from '../rules/catalogue.js';
import { resolveConfig, type ScanConfig } from './config.js';
import { activeSuppressions, muteVerdict } from './suppressions.js';

export interface ScanResult {
  evaluations: EvaluationResult[];
  remediations: RemediationPlan[];
  errors: EvaluationError[];
  /** What the operator should fix but that changes no verdict: expired suppressions, misspelt exemption tags. */
  warnings?: ScanWarning[];
}

/** A problem in the configuration or the tags that does not stop the scan. */
export interface ScanWarning {
  ruleId?: string;
  resourceId?: string;
  message: string;
}

export interface RunOptions {
  rules: readonly Rule[];
  config?: ScanConfig;
  /** Only these resources (ids); default: every resource of the rules' types. */
  resourceIds?: ReadonlySet<string>;
  /** The time suppressions expire against; default: now. */
  now?: Date;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Verdicts that the engine gives before a rule is asked: exemptions, terminal states, other types.
 * It throws (an error for this resource, never a verdict) on an endpoint type AWS does not have
 * and on an endpoint that refers to route tables, subnets, groups or a VPC the input lacks.
 */
/** One frozen NOT_APPLICABLE verdict per reason: most resources share one of a few. */
function notApplicable(reasons: Map<string, Verdict>, reason: string): Verdict {
  let verdict = reasons.get(reason);
  if (!verdict) {
    verdict = Object.freeze({ status: 'NOT_APPLICABLE', reason });
    reasons.set(reason, verdict);
  }
  return verdict;
}

function preVerdict(rule: Rule, resource: JudgedResource, model: AccountModel, reasons: Map<string, Verdict>): Verdict | undefined {
  const exempt = exemptionFor(resource.tags ?? {}, rule.id);
  if (exempt !== undefined) return notApplicable(reasons, `Exempt by tag ${EXEMPT_TAG}=${exempt}.`);
  if (rule.resourceType !== 'AWS::EC2::VPCEndpoint') return undefined;
  const endpoint = resource as Endpoint;
  if (TERMINAL_STATES.has(endpoint.state)) return notApplicable(reasons, `The endpoint is ${endpoint.state}.`);
  if (canonicalEndpointType(endpoint.type) === undefined) {
    throw new InputError(`VpcEndpointType "${endpoint.type}" of ${endpoint.id} is not an endpoint type (known: ${ENDPOINT_TYPES.join(', ')})`);
  }
  if (!rule.endpointTypes.includes(endpoint.type)) {
    return notApplicable(reasons, `The rule judges ${rule.endpointTypes.join(' and ')} endpoints; this one is ${endpoint.type}.`);
  }
  const missing = model.missingReferences(endpoint, rule.requires);
  if (missing.length > 0) throw new InputError(`cannot judge ${endpoint.id}: the input lacks ${missing.join(', ')}`);
  return undefined;
}

/** A requester-managed endpoint belongs to another AWS service: its plan becomes a refusal. */
function refuseIfManaged(plan: RemediationPlan, resource: JudgedResource): RemediationPlan {
  if (!('requesterManaged' in resource) || resource.requesterManaged !== true) return plan;
  return {
    ruleId: plan.ruleId,
    resourceType: plan.resourceType,
    resourceId: plan.resourceId,
    status: 'refused',
    summary: `Not changing ${resource.id}: it is requester-managed (managed by another AWS service, which owns its configuration). Would have: ${plan.summary}`,
    steps: [],
    before: plan.before,
    after: plan.before,
    iamActions: plan.iamActions,
  };
}

// Results without findings share one empty list; frozen, so that no caller can add to it.
const NO_FINDINGS = Object.freeze([]) as unknown as EvaluationResult['findings'];

/** One rule's annotations of shared (frozen) verdict variables, rendered once each. */
type AnnotationCache = WeakMap<object, string>;

function annotationOf(template: string, vars: Record<string, TemplateValue>, cache: AnnotationCache): string {
  if (!Object.isFrozen(vars)) return renderAnnotation(template, vars);
  let text = cache.get(vars);
  if (text === undefined) {
    text = renderAnnotation(template, vars);
    cache.set(vars, text);
  }
  return text;
}

/** A partly muted result: the findings left, then what was muted and why. */
function mutedAnnotation(findings: readonly Finding[], muted: readonly string[]): string {
  return fitAnnotation(`${findings.map((f) => f.message).join(' ')} Muted: ${muted.join('; ')}.`);
}

// One object literal per result (no spread of a shared base): a scan builds hundreds of thousands.
function toResult(rule: Rule, resourceId: string, verdict: Verdict, cache: { compliant: AnnotationCache; nonCompliant: AnnotationCache }): EvaluationResult {
  switch (verdict.status) {
    case 'NOT_APPLICABLE':
      return { ruleId: rule.id, resourceType: rule.resourceType, resourceId, complianceType: 'NOT_APPLICABLE', annotation: fitAnnotation(verdict.reason), findings: NO_FINDINGS };
    case 'COMPLIANT':
      return {
        ruleId: rule.id,
        resourceType: rule.resourceType,
        resourceId,
        complianceType: 'COMPLIANT',
        annotation: annotationOf(rule.annotation.compliant, verdict.vars, cache.compliant),
        findings: NO_FINDINGS,
      };
    case 'NON_COMPLIANT':
      return {
        ruleId: rule.id,
        resourceType: rule.resourceType,
        resourceId,
        complianceType: 'NON_COMPLIANT',
        annotation: verdict.muted ? mutedAnnotation(verdict.findings, verdict.muted) : annotationOf(rule.annotation.nonCompliant, verdict.vars, cache.nonCompliant),
        findings: verdict.findings,
      };
  }
}

/**
 * The steps planned so far, compared by action and parameters. Steps are grouped by action and
 * the resource they name, so a step is only serialised to compare it with the steps of its group
 * (a scan plans tens of thousands of policy rewrites, each for another endpoint).
 */
class StepSet {
  readonly #groups = new Map<string, { step: RemediationStep; key?: string }[]>();

  static #group(step: RemediationStep): string {
    const p = step.parameters;
    return `${step.action}\u0000${String(p.VpcEndpointId ?? p.VpcId ?? '')}`;
  }

  static #key(step: RemediationStep): string {
    return JSON.stringify([step.action, step.parameters]);
  }

  has(step: RemediationStep): boolean {
    const group = this.#groups.get(StepSet.#group(step));
    if (!group) return false;
    const key = StepSet.#key(step);
    return group.some((entry) => (entry.key ??= StepSet.#key(entry.step)) === key);
  }

  add(step: RemediationStep): void {
    const name = StepSet.#group(step);
    const group = this.#groups.get(name);
    if (group) group.push({ step });
    else this.#groups.set(name, [{ step }]);
  }
}

/**
 * Runs rules over the model. Each resource is judged on its own: a rule that throws on one
 * resource is reported in `errors` and the others are still evaluated. Remediation plans are
 * computed for every non-compliant result whose rule has one (plans are data; nothing is called).
 * Suppressions of the config and exemption tags mute findings before they are planned; expired
 * suppressions and exemption tags naming unknown rules are reported in `warnings`.
 */
export function runRules(model: AccountModel, options: RunOptions): ScanResult {
  const config = options.config ?? resolveConfig();
  const result: ScanResult = { evaluations: [], remediations: [], errors: [] };
  const memo = new Map<string, unknown>();
  const plannedSteps = new StepSet();
  const suppressions = activeSuppressions(config.suppressions ?? [], options.now ?? new Date());
  result.warnings = [...suppressions.expired, ...unknownExemptIds(model, CATALOGUE.map((r) => r.id))];

  for (const rule of options.rules) {
    const missing = rule.requires.filter((part) => !model.provides(part));
    if (missing.length > 0) {
      result.errors.push({
        ruleId: rule.id,
        message: `needs ${missing.map((p) => SNAPSHOT_KEY_OF_PART[p]).join(', ')}, which the input does not provide`,
      });
      continue;
    }
    const reasons = new Map<string, Verdict>();
    // Per rule: two rules may return the same frozen variables with different templates.
    const annotations = { compliant: new WeakMap<object, string>(), nonCompliant: new WeakMap<object, string>() };
    const ctx: RuleContext<unknown> = { model, params: config.params.get(rule.id), settings: config.settings, memo };
    const resources = resourcesOf(rule, model);
    for (const resource of resources) {
      if (options.resourceIds && !options.resourceIds.has(resource.id)) continue;
      let verdict: Verdict;
      try {
        verdict = preVerdict(rule, resource, model, reasons) ?? (rule.evaluate as (r: JudgedResource, c: RuleContext<unknown>) => Verdict)(resource, ctx);
        // Accepted findings (config suppressions, exemption tags on the tables and groups they name).
        verdict = muteVerdict(rule.id, resource.id, verdict, model, suppressions.active);
      } catch (error) {
        result.errors.push({ ruleId: rule.id, resourceId: resource.id, message: errorMessage(error) });
        continue;
      }
      result.evaluations.push(toResult(rule, resource.id, verdict, annotations));
      if (verdict.status !== 'NON_COMPLIANT' || !rule.plan) continue;
      try {
        const proposed = (rule.plan as (r: JudgedResource, v: Verdict, c: RuleContext<unknown>) => RemediationPlan | undefined).call(
          rule,
          resource,
          verdict,
          ctx,
        );
        if (!proposed) continue;
        const plan = refuseIfManaged(proposed, resource);
        // Several endpoints of one VPC can plan the same VPC change: plan it once.
        if (plan.steps.length > 0 && plan.steps.every((step) => plannedSteps.has(step))) continue;
        plan.steps.forEach((step) => plannedSteps.add(step));
        result.remediations.push(plan);
      } catch (error) {
        result.errors.push({ ruleId: rule.id, resourceId: resource.id, message: `cannot plan a remediation: ${errorMessage(error)}` });
      }
    }
  }
  return result;
}
