// Domains (spec §5.4): a 16-bit mask, bit i = domain i+1.

export const ALL_DOMAINS = 0xffff;

export function domainsMask(domains: readonly number[]): number {
  let mask = 0;
  for (const domain of domains) {
    if (!Number.isInteger(domain) || domain < 1 || domain > 16) {
      throw new RangeError(`domain ${domain} is outside 1..16`);
    }
    mask |= 1 << (domain - 1);
  }
  return mask;
}

export function domainsList(mask: number): number[] {
  const list: number[] = [];
  for (let bit = 0; bit < 16; bit++) if (mask & (1 << bit)) list.push(bit + 1);
  return list;
}

/** yubihsm-shell's printing, e.g. "1:2:5". */
export function formatDomains(mask: number): string {
  return domainsList(mask).join(':');
}

/** yubihsm-shell's parsing: "all", a 0x hex mask, or numbers 1..16 split on , : ; |. */
export function parseDomains(text: string): number {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'all') return ALL_DOMAINS;
  if (/^0x[0-9a-f]{1,4}$/.test(trimmed)) return Number.parseInt(trimmed.slice(2), 16);
  const parts = trimmed
    .split(/[,:;|]/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.some((p) => !/^\d+$/.test(p)))
    throw new Error(`"${text}" is not a list of domains like 1:2:3 or "all"`);
  return domainsMask(parts.map(Number));
}
