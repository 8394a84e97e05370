import type { ScanResult } from '../engine/index.js';
import type { AccountModel } from '../model/index.js';
import type { Rule } from '../rules/types.js';

/** Everything a scan report is drawn from. */
export interface ReportInput {
  result: ScanResult;
  /** The rules the scan ran, in catalogue order. */
  rules: readonly Rule[];
  /** The account as judged: Name tags, VPC layout. */
  model: AccountModel;
  tool: { name: string; version: string };
  /** ISO 8601 time of the scan. */
  generatedAt: string;
}

/** Looks up resources' `Name` tags (endpoints, VPCs, route tables, subnets, groups), indexed once. */
export function nameLookup(model: AccountModel): (resourceId: string) => string | undefined {
  const endpoints = new Map(model.endpoints.map((e) => [e.id, e.tags]));
  return (id) => {
    const tags = endpoints.get(id) ?? model.vpc(id)?.tags ?? model.routeTable(id)?.tags ?? model.securityGroup(id)?.tags ?? model.subnet(id)?.tags;
    const name = tags?.Name?.trim();
    return name ? name : undefined;
  };
}
