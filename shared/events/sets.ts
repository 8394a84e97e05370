// CloudTrail writes EC2 requests and responses in two eras and several set shapes. These helpers
// read every shape into plain lists, so that the call mappings never care which one they got:
//   wrapped (newer APIs):  {"CreateVpcEndpointRequest": {"RouteTableId": [{"tag": 1, "content": "rtb-…"}]}}
//   flat (older APIs):     {"routeTableId": "rtb-…"}, sets as {"items": [{…}]}
//   XML-to-JSON sets:      "" (empty), {} (empty), {"item": {…}} (one), {"item": [{…}, …]} (several)

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The members of a set in any CloudTrail form: list, `{items}`, `{item}`, `""`, `{}`, one value. */
export function members(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value.flatMap((v) => (Array.isArray(v) ? members(v) : [v]));
  if (isRecord(value)) {
    if ('items' in value) return members(value.items);
    if ('item' in value) return members(value.item);
    if (Object.keys(value).length === 0) return [];
  }
  return [value];
}

/** A scalar as text: `"vpc-1"`, `123456789012` (numbers are written bare), `{tag, content}`. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  if (isRecord(value) && 'content' in value) return scalarText(value.content);
  return undefined;
}

/**
 * The ids in a value of any set form. Members may be bare ids, `{tag, content}` pairs, or objects
 * holding the id under one of `fields` (e.g. `{"items": [{"vpcEndpointId": "vpce-…"}]}`).
 */
export function idsIn(value: unknown, fields: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const member of members(value)) {
    const direct = scalarText(member);
    if (direct !== undefined) {
      out.push(direct);
      continue;
    }
    if (!isRecord(member)) continue;
    for (const field of fields) {
      const found = fieldOf(member, field);
      if (found !== undefined) out.push(...idsIn(found, fields));
    }
  }
  return [...new Set(out)];
}

/** A member of an object by name, compared case-insensitively (`VpcId` and `vpcId` alike). */
export function fieldOf(record: Record<string, unknown>, name: string): unknown {
  if (name in record) return record[name];
  const lower = name.toLowerCase();
  const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : record[key];
}

/**
 * The parameter bodies of a request or response: the object itself (flat era) and, for the
 * wrapped era, every object member that wraps it (`CreateVpcEndpointRequest`,
 * `CreateVpcEndpointResponse`; abbreviated names such as `DelTGwVpcAttachReq` too).
 */
export function bodies(value: unknown): Record<string, unknown>[] {
  if (!isRecord(value)) return [];
  const out = [value];
  for (const [key, inner] of Object.entries(value)) {
    if (isRecord(inner) && /(Request|Response|Req|Resp)$/.test(key)) out.push(inner);
  }
  return out;
}

/** Every id found under any of `names` in any of the bodies (names compared case-insensitively). */
export function collectIds(value: unknown, names: readonly string[], itemFields: readonly string[] = names): string[] {
  const out = new Set<string>();
  for (const body of bodies(value)) {
    for (const name of names) {
      for (const id of idsIn(fieldOf(body, name), itemFields)) out.add(id);
    }
  }
  return [...out];
}

/** The object under `name` in any of the bodies (e.g. the response's `vpcEndpoint`), first found. */
export function nested(value: unknown, name: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const body of bodies(value)) {
    for (const member of members(fieldOf(body, name))) if (isRecord(member)) out.push(member);
  }
  return out;
}
