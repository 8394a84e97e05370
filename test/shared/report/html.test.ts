import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { renderHtml } from '../../../shared/report/html.js';
import { chromiumMissing, launchChromium } from '../../helpers/chromium.js';
import { reportOf } from '../../helpers/report.js';

const input = reportOf();
const html = renderHtml(input);
const vpcIds = [...new Set([...input.model.vpcs.map((v) => v.id), ...input.model.endpoints.map((e) => e.vpcId)])];

describe('renderHtml', () => {
  it('is one self-contained page: nothing to fetch, a policy that forbids fetching', () => {
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/<link|<img|@import|\ssrc=|\shref=(?!"#)/i);
    // The only URL is the SVG namespace, which is a name, not a fetch.
    expect([...html.matchAll(/https?:\/\/[^\s"']+/g)].map((m) => m[0])).toEqual(vpcIds.map(() => 'http://www.w3.org/2000/svg'));
  });

  it('has the summary and the findings by severity and rule', () => {
    const nonCompliant = input.result.evaluations.filter((e) => e.complianceType === 'NON_COMPLIANT').length;
    expect(html).toContain(`<b>${nonCompliant}</b>non-compliant`);
    const headings = [...html.matchAll(/<h3><span class="sev sev-(\w+)">/g)].map((m) => m[1]);
    const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
    expect(headings).toEqual([...headings].sort((a, b) => order.indexOf(a!) - order.indexOf(b!)));
    expect(html).toContain('<td><code>RouteTable::rtb-0c2e4a6b8d1f3a504</code></td>');
  });

  it('draws a diagram per VPC, with the missing associations and open groups marked', () => {
    for (const id of vpcIds) expect(html).toContain(`<svg class="diagram" data-vpc="${id}"`);
    expect(html).toMatch(/<path class="edge missing" data-from="vpce-0b4d6f8a1c3e5a702" data-to="rtb-0c2e4a6b8d1f3a504"/);
    expect(html).toContain('sg-0d3f5b7a9c1e2d402 OPEN to the internet');
    expect(html).toMatch(/<g class="node subnet" data-id="subnet-0a1f2e3d4c5b6a703">/);
    // Subnets are boxed by availability zone.
    expect(html).toMatch(/<g class="zone"><rect [^>]+\/><text [^>]+>eu-west-1a<\/text><\/g>/);
  });

  it('escapes what tags hold', () => {
    const evil = reportOf(
      { VpcEndpoints: [{ VpcEndpointId: 'vpce-x', VpcEndpointType: 'Gateway', VpcId: 'vpc-x', ServiceName: 'com.amazonaws.us-east-1.s3', Tags: [{ Key: 'Name', Value: '<script>alert(1)</script>' }] }], Vpcs: [], RouteTables: [], Subnets: [] },
      {},
      ['gateway-endpoint-route-tables'],
    );
    const page = renderHtml(evil);
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

// Headless Chromium: Debian's package at /usr/bin/chromium (.ci/run installs it). Without it the
// tests are skipped with the reason, except in CI, where a missing browser fails the run.
const missing = chromiumMissing();
if (missing && process.env.CI === 'true') throw new Error(`HTML report tests need Chromium in CI: ${missing}`);

describe.skipIf(missing !== undefined)(missing ? `the HTML report in headless Chromium (skipped: ${missing})` : 'the HTML report in headless Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const requests: string[] = [];
  beforeAll(async () => {
    const dir = join(process.env.VPCE_GUARD_ARTIFACTS ?? join(tmpdir(), 'vpce-guard-artifacts'));
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'example-report.html');
    writeFileSync(file, html);
    context = await launchChromium();
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${file}`, { waitUntil: 'load' });
  }, 60_000);
  afterAll(async () => {
    await context?.close();
  });

  it('renders without console errors and fetches nothing', () => {
    expect(problems).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
  });

  it('shows a drawn diagram for each VPC', async () => {
    const drawn = await page.$$eval('section.vpc', (sections) =>
      sections.map((s) => {
        const svg = s.querySelector('svg.diagram');
        const box = svg?.getBoundingClientRect();
        return { id: s.id, nodes: svg?.querySelectorAll('.node').length ?? 0, width: box?.width ?? 0, height: box?.height ?? 0 };
      }),
    );
    expect(drawn.map((d) => d.id)).toEqual(vpcIds);
    for (const d of drawn) {
      expect(d.nodes, d.id).toBeGreaterThan(0);
      expect(d.width, d.id).toBeGreaterThan(100);
      expect(d.height, d.id).toBeGreaterThan(40);
    }
  });

  it('hovering a node fades what is not connected to it (the page script runs)', async () => {
    await page.hover('g.node[data-id="vpce-0b4d6f8a1c3e5a702"]');
    const dimmed = await page.$eval('g.node[data-id="vpce-0b4d6f8a1c3e5a702"]', (n) => [n.classList.contains('dim'), n.ownerSVGElement!.querySelectorAll('.node.dim').length]);
    expect(dimmed[0]).toBe(false);
    expect(dimmed[1]).toBeGreaterThan(0);
    await page.mouse.move(0, 0);
  });

  it('keeps a screenshot of the example report as a test artefact', async () => {
    const dir = process.env.VPCE_GUARD_ARTIFACTS ?? join(tmpdir(), 'vpce-guard-artifacts');
    const shot = await page.screenshot({ path: join(dir, 'html-report.png'), fullPage: true });
    expect(shot.subarray(1, 4).toString()).toBe('PNG');
    // `VPCE_GUARD_DOCS_SCREENSHOT=docs/html-report.png npx vitest run test/shared/report/html.test.ts` refreshes the README's picture.
    const docs = process.env.VPCE_GUARD_DOCS_SCREENSHOT;
    if (docs) await page.locator('section.vpc').first().screenshot({ path: docs });
  });
});
