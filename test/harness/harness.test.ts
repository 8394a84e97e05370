import { CreateVpcEndpointCommand, DeleteVpcEndpointsCommand, DescribeRouteTablesCommand, DescribeVpcEndpointsCommand, DescribeVpcsCommand, EC2Client, ModifyVpcEndpointCommand } from '@aws-sdk/client-ec2';
import { ConfigServiceClient, GetComplianceDetailsByConfigRuleCommand, PutEvaluationsCommand, StartConfigRulesEvaluationCommand } from '@aws-sdk/client-config-service';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFifoQueue, drainFifo } from './fifo.js';
import { Ledger } from './ledger.js';
import { invokeFile } from './runner.js';
import { motoMissing } from './moto.js';
import { createTopic, endpointNow, seedVpc } from './seed.js';
import { closeWorld, startWorld, type World } from './world.js';

const missing = motoMissing();
if (missing) process.stdout.write(`[reliability] ${missing}\n`);

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
// The retry strategy the functions get from shared/aws/clients.ts.
const retrying = { region: 'us-east-1', credentials, maxAttempts: 8, retryMode: 'adaptive' as const };

describe.skipIf(missing)('harness: moto, the Config stand-in and the fault proxy', () => {
  let world: World;
  const ledger = new Ledger('harness');

  beforeAll(async () => {
    world = await startWorld();
  }, 30_000);
  afterAll(async () => {
    await closeWorld(world, ledger);
  });
  beforeEach(async () => {
    await world.moto.reset();
    for (const proxy of Object.values(world.proxies)) proxy.clearFaults();
  });

  it('moto: ModifyVpcEndpoint adds the table to the endpoint but not the prefix-list route (a measured gap)', async () => {
    // Prepare
    const vpc = await seedVpc(world.ec2, 1, { gap: true });
    // Act
    await world.ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: vpc.s3GatewayId, AddRouteTableIds: [vpc.routeTableIds[1]!] }));
    // Assess
    const endpoint = await endpointNow(world.ec2, vpc.s3GatewayId);
    expect(endpoint.RouteTableIds).toEqual(expect.arrayContaining(vpc.routeTableIds));
    const tables = await world.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: vpc.routeTableIds }));
    const routesTo = (id: string) => tables.RouteTables!.find((t) => t.RouteTableId === id)!.Routes!.filter((r) => r.GatewayId === vpc.s3GatewayId);
    expect(routesTo(vpc.routeTableIds[0]!)).toHaveLength(1);
    expect(routesTo(vpc.routeTableIds[1]!)).toHaveLength(0);
  });

  it('fifo: moto hands one message group to one poller at a time, and a message reported failed comes back', async () => {
    // Prepare: a handler that reports message 2 failed the first time it sees it
    const dir = mkdtempSync(join(tmpdir(), 'vpce-guard-fifo-'));
    const file = join(dir, 'handler.mjs');
    const marker = join(dir, 'failed-once');
    writeFileSync(
      file,
      `import { existsSync, writeFileSync } from 'node:fs';
export const handler = async (event) => {
  const failures = event.Records.filter((r) => JSON.parse(r.body).fail && !existsSync(${JSON.stringify(marker)})).map((r) => ({ itemIdentifier: r.messageId }));
  if (failures.length) writeFileSync(${JSON.stringify(marker)}, '');
  await new Promise((r) => setTimeout(r, 200));
  return { batchItemFailures: failures, seen: event.Records.map((r) => JSON.parse(r.body).n) };
};`,
    );
    const queue = await createFifoQueue(world.moto.url, 'harness-fifo', 1);
    for (const n of [1, 2, 3]) await queue.send({ n, fail: n === 2 });
    let inFlight = 0;
    let most = 0;
    // Act: three pollers at once
    const runs = await drainFifo(
      world.moto.url,
      queue,
      async (event) => {
        most = Math.max(most, ++inFlight);
        try {
          return await invokeFile(file, event, { endpoints: {} });
        } finally {
          inFlight -= 1;
        }
      },
      { pollers: 3, timeoutMs: 20_000 },
    );
    // Assess
    expect(most).toBe(1);
    const seen = runs.flatMap((r) => (r.result as { seen: number[] }).seen);
    expect(seen.filter((n) => n === 2)).toHaveLength(2);
    expect([...new Set(seen)].sort()).toEqual([1, 2, 3]);
    expect(await queue.depth()).toBe(0);
  });

  it('moto: a deleted endpoint stays listed as "deleted"; a VPC starts beside the default one', async () => {
    // Prepare
    const vpc = await seedVpc(world.ec2, 2);
    // Act
    await world.ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [vpc.s3GatewayId] }));
    // Assess
    expect((await endpointNow(world.ec2, vpc.s3GatewayId)).State).toBe('deleted');
    const vpcs = (await world.ec2.send(new DescribeVpcsCommand({}))).Vpcs!;
    expect(vpcs.filter((v) => v.IsDefault)).toHaveLength(1);
  });

  it('proxy bridges two measured moto gaps: DryRun answers DryRunOperation and changes nothing; the vpc-endpoint-id filter works', async () => {
    // Prepare
    const vpc = await seedVpc(world.ec2, 4, { gap: true });
    const ec2 = new EC2Client({ region: 'us-east-1', credentials, maxAttempts: 1, endpoint: world.proxies.ec2.url });
    // Act
    const dryRun = failureOf(ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: vpc.s3GatewayId, AddRouteTableIds: [vpc.routeTableIds[1]!], DryRun: true })));
    const found = await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-endpoint-id', Values: [vpc.s3GatewayId, 'vpce-0000000000000000f'] }] }));
    // Assess
    expect(await dryRun).toMatchObject({ name: 'DryRunOperation' });
    expect((await endpointNow(world.ec2, vpc.s3GatewayId)).RouteTableIds).toEqual([vpc.routeTableIds[0]]);
    expect(found.VpcEndpoints?.map((e) => e.VpcEndpointId)).toEqual([vpc.s3GatewayId]);
    expect(world.proxies.ec2.shimmed.count).toBe(2);
  });

  it('moto itself still has those gaps (when this fails, moto fixed one: drop its shim)', async () => {
    // Prepare
    const vpc = await seedVpc(world.ec2, 5, { gap: true });
    // Act
    await world.ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: vpc.s3GatewayId, AddRouteTableIds: [vpc.routeTableIds[1]!], DryRun: true })).catch(() => undefined);
    const filtered = failureOf(world.ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-endpoint-id', Values: [vpc.s3GatewayId] }] })));
    // Assess
    expect((await endpointNow(world.ec2, vpc.s3GatewayId)).RouteTableIds).toEqual(vpc.routeTableIds);
    expect(await filtered).toBeInstanceOf(Error);
  });

  it('proxy: EC2 RequestLimitExceeded is retried by the SDK and the call succeeds', async () => {
    // Prepare
    const vpc = await seedVpc(world.ec2, 3);
    const ec2 = new EC2Client({ ...retrying, endpoint: world.proxies.ec2.url });
    world.proxies.ec2.throttle('CreateVpcEndpoint', 2);
    // Act
    const created = await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpc.vpcId, ServiceName: 'com.amazonaws.us-east-1.dynamodb', VpcEndpointType: 'Gateway' }));
    // Assess
    expect(created.VpcEndpoint?.VpcEndpointId).toMatch(/^vpce-/);
    expect(created.$metadata.attempts).toBe(3);
    expect(world.proxies.ec2.callsOf('CreateVpcEndpoint').map((c) => c.status)).toEqual([503, 503, 200]);
  });

  it('proxy: EC2 throttling past the retry budget surfaces as RequestLimitExceeded', async () => {
    // Prepare
    const ec2 = new EC2Client({ region: 'us-east-1', credentials, maxAttempts: 2, endpoint: world.proxies.ec2.url });
    world.proxies.ec2.throttle('DescribeVpcs', 2);
    // Act
    const failure = ec2.send(new DescribeVpcsCommand({}));
    // Assess
    await expect(failure).rejects.toMatchObject({ name: 'RequestLimitExceeded' });
  });

  it('proxy: SNS Throttled and Config ThrottlingException are retried; a 5xx too', async () => {
    // Prepare
    const topic = await createTopic(world.sns);
    const sns = new SNSClient({ ...retrying, endpoint: world.proxies.sns.url });
    const config = new ConfigServiceClient({ ...retrying, endpoint: world.proxies.config.url });
    world.proxies.sns.throttle('Publish', 1);
    world.proxies.sns.serverError('Publish', 1);
    world.proxies.config.throttle('StartConfigRulesEvaluation', 2);
    // Act
    const published = await sns.send(new PublishCommand({ TopicArn: topic, Message: 'm', Subject: 's' }));
    const started = await config.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: ['vpce-guard-gateway-endpoint-route-tables'] }));
    // Assess
    expect(published.MessageId).toBeTruthy();
    expect(world.proxies.sns.callsOf('Publish').map((c) => c.status)).toEqual([429, 500, 200]);
    expect(started.$metadata.attempts).toBe(3);
    expect(world.config.requests.filter((r) => r.action === 'StartConfigRulesEvaluation')).toHaveLength(1);
  });

  it('stand-in + proxy: a partial PutEvaluations failure comes back in FailedEvaluations and only the rest is stored', async () => {
    // Prepare
    const config = new ConfigServiceClient({ ...retrying, endpoint: world.proxies.config.url });
    const rule = 'vpce-guard-endpoint-policy-restricted';
    const token = world.config.tokenFor(rule);
    world.proxies.config.partialPutEvaluations(1, (e) => e.ComplianceResourceId === 'vpce-0b');
    const evaluation = (id: string) => ({ ComplianceResourceType: 'AWS::EC2::VPCEndpoint', ComplianceResourceId: id, ComplianceType: 'COMPLIANT' as const, OrderingTimestamp: new Date('2026-12-01T10:00:00Z') });
    // Act
    const answer = await config.send(new PutEvaluationsCommand({ ResultToken: token, Evaluations: [evaluation('vpce-0a'), evaluation('vpce-0b')] }));
    const held = await config.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: rule }));
    // Assess
    expect(answer.FailedEvaluations?.map((e) => e.ComplianceResourceId)).toEqual(['vpce-0b']);
    expect(held.EvaluationResults?.map((r) => r.EvaluationResultIdentifier?.EvaluationResultQualifier?.ResourceId)).toEqual(['vpce-0a']);
  });

  it('stand-in: refuses more than 100 evaluations, an unknown token, and a long annotation, as Config does', async () => {
    // Prepare
    const config = new ConfigServiceClient({ region: 'us-east-1', credentials, endpoint: world.config.url, maxAttempts: 1 });
    const token = world.config.tokenFor('vpce-guard-x');
    const evaluation = (id: string, annotation?: string) => ({ ComplianceResourceType: 'AWS::EC2::VPC', ComplianceResourceId: id, ComplianceType: 'COMPLIANT' as const, OrderingTimestamp: new Date(), Annotation: annotation });
    // Act
    const tooMany = failureOf(config.send(new PutEvaluationsCommand({ ResultToken: token, Evaluations: Array.from({ length: 101 }, (_, i) => evaluation(`vpc-${i}`)) })));
    const badToken = failureOf(config.send(new PutEvaluationsCommand({ ResultToken: 'nope', Evaluations: [evaluation('vpc-1')] })));
    const longNote = failureOf(config.send(new PutEvaluationsCommand({ ResultToken: token, Evaluations: [evaluation('vpc-1', 'x'.repeat(257))] })));
    // Assess
    expect(await tooMany).toMatchObject({ name: 'InvalidParameterValueException' });
    expect(await badToken).toMatchObject({ name: 'InvalidResultTokenException' });
    expect(await longNote).toMatchObject({ name: 'ValidationException' });
  });
});


/** The error a call fails with, caught at once (a rejection left pending while other calls run is reported as unhandled). */
async function failureOf(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => {
      throw new Error('expected the call to fail, but it succeeded');
    },
    (error: unknown) => error,
  );
}

describe('harness: the runner', () => {
  it('runs a bundle in a child node process with only the given settings and a counting-down context', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'vg-runner-'));
    const file = join(dir, 'index.mjs');
    writeFileSync(
      file,
      "export const handler = async (event, context) => { await new Promise((r) => setTimeout(r, 50)); console.log(JSON.stringify({ level: 'INFO', message: 'hi' })); return { event, remaining: context.getRemainingTimeInMillis(), setting: process.env.SETTING, vitest: process.env.VITEST ?? null, pid: process.pid }; };",
    );
    // Act
    const run = await invokeFile(file, { a: 1 }, { endpoints: {}, env: { SETTING: 'on' }, timeoutMs: 3_000 });
    // Assess
    expect(run.ok).toBe(true);
    const result = run.result as { event: unknown; remaining: number; setting: string; vitest: string | null; pid: number };
    expect(result).toMatchObject({ event: { a: 1 }, setting: 'on', vitest: null });
    expect(result.remaining).toBeLessThan(2_960);
    expect(result.remaining).toBeGreaterThan(0);
    expect(result.pid).not.toBe(process.pid);
    expect(run.logs).toEqual([{ level: 'INFO', message: 'hi' }]);
  });

  it('kills a function that outlives its timeout, as the Lambda runtime does', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'vg-runner-'));
    const file = join(dir, 'index.mjs');
    writeFileSync(file, 'export const handler = () => new Promise(() => setInterval(() => {}, 1000));');
    // Act
    const run = await invokeFile(file, {}, { endpoints: {}, timeoutMs: 300 });
    // Assess
    expect(run).toMatchObject({ ok: false, timedOut: true, error: { name: 'Timeout' } });
  });
});
