import { readFileSync } from 'node:fs';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { resolveConfig, runRules, type ScanResult } from '../../../shared/engine/index.js';
import { AccountModel, readSnapshot } from '../../../shared/model/index.js';
import { scanSummary, writeScanJson, writeScanJsonTo } from '../../../shared/report/json.js';
import { tempFile } from '../../helpers/cli.js';
import { CATALOGUE, findRule } from '../../../shared/rules/catalogue.js';
import pkg from '../../../package.json' with { type: 'json' };

const AT = new Date('2026-01-02T03:04:05.678Z');

function exampleResult(): ScanResult {
  const raw = JSON.parse(readFileSync('examples/sample-account.json', 'utf8')) as unknown;
  const config = resolveConfig(JSON.parse(readFileSync('examples/vpce-guard.config.json', 'utf8')) as unknown);
  return runRules(new AccountModel(readSnapshot(raw, 'example')), { rules: CATALOGUE, config });
}

async function written(result: ScanResult, pretty = false, meta = { generatedAt: AT, account: '555544443333', region: 'eu-west-1' }): Promise<{ text: string; chunks: number }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeScanJson(result, meta, out, { pretty });
  out.end();
  return { text: Buffer.concat(chunks).toString('utf8'), chunks: chunks.length };
}

/** The report as one object, built the slow way, to compare the stream against. */
function expected(result: ScanResult, account: string | null, region: string | null) {
  return {
    tool: { name: 'vpce-guard', version: pkg.version },
    generatedAt: AT.toISOString(),
    account,
    region,
    summary: scanSummary(result),
    evaluations: result.evaluations.map(({ ruleId, ...rest }) => ({ ruleId, severity: findRule(ruleId)!.severity, title: findRule(ruleId)!.title, ...rest })),
    remediations: result.remediations,
    errors: result.errors,
    ...(result.warnings ? { warnings: result.warnings } : {}),
  };
}

describe('writeScanJson', () => {
  it('writes the contract: tool, time, account, region, counts, then the result with severity and title per evaluation', async () => {
    // Prepare
    const result = exampleResult();
    // Act
    const { text } = await written(result);
    // Assess
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(2); // compact: one line
    const out = JSON.parse(text);
    expect(Object.keys(out)).toEqual(['tool', 'generatedAt', 'account', 'region', 'summary', 'evaluations', 'remediations', 'errors', 'warnings']);
    expect(out).toEqual(expected(result, '555544443333', 'eu-west-1'));
    // Byte for byte what JSON.stringify writes for the whole report.
    expect(text).toBe(`${JSON.stringify(expected(result, '555544443333', 'eu-west-1'))}\n`);
    expect(Object.keys(out.evaluations[0])).toEqual(['ruleId', 'severity', 'title', 'resourceType', 'resourceId', 'complianceType', 'annotation', 'findings']);
  });

  it('counts what the scan found', async () => {
    const result = exampleResult();
    const out = JSON.parse((await written(result)).text);
    const count = (t: string) => result.evaluations.filter((e) => e.complianceType === t).length;
    expect(out.summary).toEqual({
      evaluations: result.evaluations.length,
      compliant: count('COMPLIANT'),
      nonCompliant: count('NON_COMPLIANT'),
      notApplicable: count('NOT_APPLICABLE'),
      remediations: result.remediations.length,
      refused: result.remediations.filter((p) => p.status === 'refused').length,
      errors: 0,
    });
    expect(out.summary.nonCompliant).toBeGreaterThan(0);
    expect(out.summary.compliant).toBeGreaterThan(0);
  });

  it('with pretty, is byte for byte JSON.stringify(report, null, 2)', async () => {
    const result = exampleResult();
    result.errors.push({ ruleId: 'endpoint-vpc-dns', resourceId: 'vpce-x', message: 'a "quoted" line\nand another' });
    const { text } = await written(result, true);
    expect(text).toBe(`${JSON.stringify(expected(result, '555544443333', 'eu-west-1'), null, 2)}\n`);
  });

  it('writes null for an unknown account and region, and [] for empty lists, in both layouts', async () => {
    const empty: ScanResult = { evaluations: [], remediations: [], errors: [] };
    for (const pretty of [false, true]) {
      const { text } = await written(empty, pretty, { generatedAt: AT } as never);
      expect(JSON.parse(text)).toEqual(expected(empty, null, null));
      if (pretty) expect(text).toBe(`${JSON.stringify(expected(empty, null, null), null, 2)}\n`);
    }
  });

  it('streams a large report in batches instead of one string', async () => {
    const one = exampleResult();
    const many: ScanResult = { evaluations: Array.from({ length: 200 }, () => one.evaluations).flat(), remediations: one.remediations, errors: [] };
    const { text, chunks } = await written(many);
    expect(chunks).toBeGreaterThan(1);
    expect(JSON.parse(text).evaluations).toHaveLength(many.evaluations.length);
  });

  it('waits for a slow stream and still writes everything in order', async () => {
    const one = exampleResult();
    const many: ScanResult = { evaluations: Array.from({ length: 100 }, () => one.evaluations).flat(), remediations: [], errors: [] };
    const got: Buffer[] = [];
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, done) {
        got.push(chunk);
        setTimeout(done, 1);
      },
    });
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    await writeScanJson(many, { generatedAt: AT }, slow);
    await new Promise((r) => setTimeout(r, 10));
    process.off('warning', onWarning);
    // Waiting for 'drain' many times leaves no listener behind (no MaxListenersExceededWarning).
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
    expect(slow.listenerCount('error')).toBe(0);
    expect(slow.listenerCount('drain')).toBe(0);
    expect(JSON.parse(Buffer.concat(got).toString('utf8')).evaluations.map((e: { resourceId: string }) => e.resourceId)).toEqual(many.evaluations.map((e) => e.resourceId));
  });

  it('rejects when the stream fails, naming the failure', async () => {
    const broken = new Writable({
      write(_chunk, _enc, done) {
        done(new Error('EPIPE: the reader went away'));
      },
    });
    await expect(writeScanJson(exampleResult(), { generatedAt: AT }, broken)).rejects.toThrow('EPIPE: the reader went away');
  });

  it('refuses an evaluation of a rule it does not know instead of writing it without severity', async () => {
    const result: ScanResult = {
      evaluations: [{ ruleId: 'no-such-rule', resourceType: 'AWS::EC2::VPC', resourceId: 'vpc-1', complianceType: 'COMPLIANT', annotation: 'ok', findings: [] }],
      remediations: [],
      errors: [],
    };
    await expect(written(result)).rejects.toThrow('unknown rule "no-such-rule"');
  });

  it('writes the warnings after the errors when the scan has them', async () => {
    const result: ScanResult = { ...exampleResult(), warnings: [{ message: 'suppression of vpce-1 expired on 2026-01-01' }] as never };
    const out = JSON.parse((await written(result)).text);
    expect(Object.keys(out).slice(-2)).toEqual(['errors', 'warnings']);
    expect(out.warnings).toEqual(result.warnings);
    const pretty = (await written(result, true)).text;
    expect(JSON.parse(pretty)).toEqual(out);
  });

  it('writes to a file with writeScanJsonTo, and names a file it cannot write', async () => {
    const result = exampleResult();
    const path = tempFile('report.json', '');
    await writeScanJsonTo(result, { generatedAt: AT }, path, { pretty: true });
    expect(JSON.parse(readFileSync(path, 'utf8')).evaluations).toHaveLength(result.evaluations.length);
    await expect(writeScanJsonTo(result, { generatedAt: AT }, `${path}/not/a/dir/report.json`)).rejects.toThrow(/^--output .*report\.json\/not\/a\/dir\/report\.json: cannot write: /);
  });
});

describe('writeScanJson on evaluations of other shapes', () => {
  it('writes an evaluation with a key more, or in another order, exactly as JSON.stringify would', async () => {
    const odd = [
      { ruleId: 'endpoint-vpc-dns', resourceType: 'AWS::EC2::VPCEndpoint', resourceId: 'vpce-1', complianceType: 'COMPLIANT', annotation: 'ok "quoted"', findings: [], suppressed: true },
      { resourceId: 'vpce-2', ruleId: 'endpoint-vpc-dns', resourceType: 'AWS::EC2::VPCEndpoint', complianceType: 'NON_COMPLIANT', annotation: 'no', findings: [{ key: 'K', message: 'm' }] },
    ];
    const result = { evaluations: odd, remediations: [], errors: [] } as unknown as ScanResult;
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeScanJson(result, { generatedAt: AT }, out);
    const rule = findRule('endpoint-vpc-dns')!;
    expect(JSON.parse(Buffer.concat(chunks).toString('utf8')).evaluations).toEqual(odd.map(({ ruleId, ...rest }) => ({ ruleId, severity: rule.severity, title: rule.title, ...rest })));
  });
});
