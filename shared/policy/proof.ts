import type { Request } from './evaluate.js';

/** `e.g. arn:aws:iam::120000000034:role/x may call s3:GetObject on arn:aws:s3:::*` */
export function describeProof(request: Request): string {
  const who = request.caller.anonymous ? 'an anonymous caller' : (request.caller.arn ?? `account ${request.caller.account}`);
  const org = request.caller.orgId ? ` (organization ${request.caller.orgId})` : '';
  const ctx = Object.entries(request.context ?? {}).map(([k, v]) => `${k}=${v.join(',')}`);
  return `e.g. ${who}${org} may call ${request.action} on ${request.resource}${ctx.length ? ` with ${ctx.join(', ')}` : ''}`;
}
