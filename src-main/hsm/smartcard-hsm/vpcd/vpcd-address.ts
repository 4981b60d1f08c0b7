// Where vpcd listens, as the person writes it: "127.0.0.1:35963". Loopback only (spec §7.2): a
// virtual card that answers APDUs for anyone on the network would be a card in a public reader.

export class VpcdAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VpcdAddressError';
  }
}

export interface VpcdAddress {
  host: string;
  port: number;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function parseVpcdAddress(text: string): VpcdAddress {
  const match = /^(.+):(\d{1,5})$/.exec(text.trim());
  if (!match) {
    throw new VpcdAddressError(
      `--vpcd must be host:port, for example 127.0.0.1:35963 (vpcd's default port), not "${text}"`,
    );
  }
  const host = match[1]!;
  const port = Number.parseInt(match[2]!, 10);
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new VpcdAddressError(
      `the virtual card connects to vpcd on this computer only; use 127.0.0.1:${port}, not ${host}`,
    );
  }
  if (port < 1 || port > 65535) {
    throw new VpcdAddressError(`the vpcd port must be from 1 to 65535, not ${port}`);
  }
  return { host: host === '[::1]' ? '::1' : host, port };
}
