// The body of yubihsm-connector's GET /connector/status (spec §2.2): one key=value per line,
// each ending in "\n", in the order status, serial, version, pid, address, port. The client
// side parses it; our connector server writes it with the same module so the two agree.

export interface ConnectorStatus {
  /** "OK" when the connector can reach its device, "NO_DEVICE" otherwise. */
  status: string;
  /** The device's decimal serial, or undefined when the connector reports "*". */
  serial: number | undefined;
  version: string;
  pid: number | undefined;
  address: string;
  port: number | undefined;
}

/** libyubihsm treats the device as present only when a line reads exactly status=OK. */
export function deviceIsPresent(status: ConnectorStatus): boolean {
  return status.status === 'OK';
}

export function parseConnectorStatus(body: string): ConnectorStatus {
  const fields = new Map<string, string>();
  for (const line of body.split('\n')) {
    const cut = line.indexOf('=');
    if (cut <= 0) continue;
    const key = line.slice(0, cut).trim();
    if (!fields.has(key)) fields.set(key, line.slice(cut + 1).replace(/\r$/, ''));
  }
  return {
    status: fields.get('status') ?? '',
    serial: decimal(fields.get('serial')),
    version: fields.get('version') ?? '',
    pid: decimal(fields.get('pid')),
    address: fields.get('address') ?? '',
    port: decimal(fields.get('port')),
  };
}

export function formatConnectorStatus(status: ConnectorStatus): string {
  return [
    `status=${status.status}`,
    `serial=${status.serial ?? '*'}`,
    `version=${status.version}`,
    `pid=${status.pid ?? ''}`,
    `address=${status.address}`,
    `port=${status.port ?? ''}`,
  ]
    .map((line) => `${line}\n`)
    .join('');
}

function decimal(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text.trim())) return undefined;
  return Number.parseInt(text.trim(), 10);
}
