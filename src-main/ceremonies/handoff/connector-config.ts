// The yubihsm-connector side of the hand-off: the connector must listen where the KSP's
// ConnectorURL points, and serve only this device (its serial, as the connector's configuration
// file names it: yubihsm-connector.yaml `listen` and `serial`).

export interface ConnectorEndpoint {
  /** The URL the KSP is given (ConnectorURL), normalised. */
  url: string;
  /** host:port for the connector's `listen`. */
  listen: string;
  /** The connector serves plain HTTP on loopback; anything else needs the sheet's warning. */
  loopback: boolean;
}

export const DEFAULT_CONNECTOR_URL = 'http://127.0.0.1:12345';

/** Reads a connector URL as the KSP would use it; throws a sentence when it cannot be one. */
export function connectorEndpoint(text: string): ConnectorEndpoint {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RangeError(
      `"${text}" is not a URL: give the connector's address as http://host:port, for example ${DEFAULT_CONNECTOR_URL}.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new RangeError(
      `The connector URL must start with http:// or https://, not ${url.protocol}//.`,
    );
  if (
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    (url.pathname !== '/' && url.pathname !== '')
  )
    throw new RangeError(
      'The connector URL is only a scheme, a host and a port (no path, query or credentials).',
    );
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const host = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname;
  const loopback = host === '127.0.0.1' || host === '[::1]';
  return { url: `${url.protocol}//${url.host}`, listen: `${host}:${port}`, loopback };
}

/** yubihsm-connector.yaml for this device; the connector pads the serial to 10 digits. */
export function connectorConfig(endpoint: ConnectorEndpoint, serial: number): string {
  return [
    '# yubihsm-connector configuration written by Custos for the KSP hand-off.',
    `# The KSP's ConnectorURL is ${endpoint.url}; the connector serves only YubiHSM 2 serial ${serial}.`,
    `listen: ${endpoint.listen}`,
    `serial: "${serial.toString().padStart(10, '0')}"`,
    '',
  ].join('\n');
}
