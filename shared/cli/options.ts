import { InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { accountIdParam, listParam, orgIdParam, regionParam } from '../rules/params.js';
import type { Severity } from '../rules/types.js';
import { SEVERITIES } from './gate.js';

function parser<T>(schema: z.ZodType<T>, what: string): (value: string) => T {
  return (value) => {
    const result = schema.safeParse(value);
    if (!result.success) throw new InvalidArgumentError(`${what}: ${result.error.issues[0]?.message ?? 'invalid'}`);
    return result.data;
  };
}

export const parseAccountId = parser(accountIdParam, 'expected a 12-digit account id');
export const parseOrgId = parser(orgIdParam, 'expected an organization id');
export const parseAccountList = parser(listParam(accountIdParam), 'expected account ids separated by commas');

/** `a,b , c` → `['a','b','c']`, with the same list reading as rule parameters; never empty. */
export const parseCommaList = parser(listParam(z.string().min(1)).pipe(z.array(z.string()).min(1, 'the list is empty')), 'expected names separated by commas');

export const parseRegion = parser(regionParam, 'expected an AWS region');

/** A service name, full (`com.amazonaws.eu-west-1.s3`) or short (`s3`). */
export const parseServiceOption = parser(z.string().regex(/^[a-z0-9][a-z0-9.-]*$/i, 'must be a service name such as s3 or com.amazonaws.eu-west-1.s3'), 'expected a service name');

/** A severity, case-insensitive: `high` → `HIGH`. */
export function parseSeverity(value: string): Severity {
  const upper = value.trim().toUpperCase() as Severity;
  if (!SEVERITIES.includes(upper)) throw new InvalidArgumentError(`expected one of ${SEVERITIES.join(', ')}`);
  return upper;
}
