import type { NetworkCheck } from '../../../../shared/ceremony/init-snapshot';

/** Whether this machine looks air-gapped: a warning when it does not, never a block. */
export function NetworkCheckView({ network }: { network: NetworkCheck }) {
  if (network.airGapped) {
    return (
      <p className="notice notice--good" data-testid="init-network" data-air-gapped="true">
        This machine looks air-gapped: it has no active network interface other than loopback.
      </p>
    );
  }
  const list = network.interfaces
    .map((entry) => `${entry.name} (${entry.addresses.join(', ')})`)
    .join('; ');
  return (
    <div
      className="notice notice--warning"
      data-testid="init-network"
      data-air-gapped="false"
      role="note"
    >
      <p>
        <strong>This machine has active network interfaces:</strong> {list}.
      </p>
      <p>
        A key ceremony belongs on an air-gapped machine. Disconnect them before the shares are made,
        or go on knowingly.
      </p>
    </div>
  );
}
