import { InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { accountIdParam, listParam, orgIdParam } from '../rules/params.js';

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

/** `a,b , c` → `['a','b','c']`, with the same list reading as rule parameters. */
export const parseCommaList = parser(listParam(z.string().min(1)), 'expected names separated by commas');
