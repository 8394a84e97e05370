// CIDR arithmetic for IPv4 and IPv6, on BigInt so that both families share one code path.

interface Range {
  v6: boolean;
  first: bigint;
  last: bigint;
}

function parseV4(ip: string): bigint | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(p);
  }
  return n;
}

function parseV6(ip: string): bigint | undefined {
  const halves = ip.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}

// Each distinct CIDR text is parsed once: an account repeats a few blocks over and over (the VPC's,
// 0.0.0.0/0), and the rules compare them once per endpoint. Bounded, like every per-scan cache.
const PARSED = new Map<string, Readonly<Range> | null>();
const MAX_PARSED = 100_000;

/** Parses `10.0.0.0/16` or `2600:1f18::/56`; undefined when malformed. */
export function parseCidr(cidr: string): Readonly<Range> | undefined {
  const known = PARSED.get(cidr);
  if (known !== undefined) return known ?? undefined;
  const range = parseUncached(cidr);
  if (PARSED.size >= MAX_PARSED) PARSED.clear();
  PARSED.set(cidr, range ? Object.freeze(range) : null);
  return range;
}

function parseUncached(cidr: string): Range | undefined {
  const [ip, bitsText] = cidr.split('/');
  if (ip === undefined) return undefined;
  const v6 = ip.includes(':');
  const width = v6 ? 128 : 32;
  const bits = bitsText === undefined ? width : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > width) return undefined;
  const addr = v6 ? parseV6(ip) : parseV4(ip);
  if (addr === undefined) return undefined;
  const size = 1n << BigInt(width - bits);
  const first = (addr / size) * size;
  return { v6, first, last: first + size - 1n };
}

/** True when the two CIDR blocks share at least one address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return !!x && !!y && x.v6 === y.v6 && x.first <= y.last && y.first <= x.last;
}

/** True when every address of `narrow` is in `wide` (same family). */
export function cidrContains(wide: string, narrow: string): boolean {
  const w = parseCidr(wide);
  const n = parseCidr(narrow);
  return !!w && !!n && w.v6 === n.v6 && w.first <= n.first && n.last <= w.last;
}
