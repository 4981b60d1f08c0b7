// The device's audit log as the record keeps it, from a real simulator: decoded entries, the
// reset and boot entries named, the chain checked; and a log altered in transit is said to be
// broken, naming the entry.

import { describe, expect, it } from 'vitest';
import { parseAuditLog } from '../../hsm/yubihsm/client/audit-log';
import { inSession } from '../../hsm/yubihsm/client/test-support/in-session';
import type { YubiHsmSession } from '../../hsm/yubihsm/client/yubihsm-session';
import { SimulatedYubiHsm } from '../../hsm/yubihsm/simulator/simulated-yubihsm';
import { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { OptionTag } from '../../hsm/yubihsm/client/options';
import { Command } from '../../hsm/yubihsm/protocol/commands';
import { describeDeviceAudit, readDeviceAudit, recordedAuditKeyId } from './device-audit';

const DEVICE = {
  serial: 7_550_009,
  firmware: '2.4.0',
  transport: 'simulator',
  simulated: true,
} as const;
const AT = new Date('2026-06-01T10:00:00Z');

async function loggedDevice(): Promise<SimulatedYubiHsm> {
  const device = await SimulatedYubiHsm.create({ serial: DEVICE.serial });
  await inSession(new SimulatorTransport(device), 1, 'password', async (session) => {
    await session.setOption(OptionTag.CommandAudit, Uint8Array.of(Command.Echo, 1));
    await session.echo(Uint8Array.of(1, 2, 3));
  });
  return device;
}

describe('reading the device audit log for the record', () => {
  it('decodes every entry, names reset and boot, and checks the chain', async () => {
    const device = await loggedDevice();
    const audit = await inSession(new SimulatorTransport(device), 1, 'password', (session) =>
      readDeviceAudit(session, { after: 'restore', device: DEVICE, authKeyId: 1, at: AT }),
    );
    expect(audit.entries.map((e) => e.commandName)).toEqual([
      'DEVICE RESET',
      'DEVICE BOOT',
      'ECHO',
    ]);
    expect(audit.entries.at(-1)).toMatchObject({ command: Command.Echo, length: 3, sessionKey: 1 });
    expect(audit.chain).toEqual({ valid: true, checked: 2 });
    expect(audit.at).toBe('2026-06-01T10:00:00.000Z');
    expect(describeDeviceAudit(audit)).toBe(
      `The device's audit log, read with the audit key 0x0001: 3 entries (numbers 1 to 3); the digest chain holds, last digest ${audit.lastDigest}.`,
    );
  });

  it('says the chain is broken when an entry was altered, naming it', async () => {
    const device = await loggedDevice();
    const raw = await inSession(new SimulatorTransport(device), 1, 'password', async (session) => {
      const log = await session.getLogEntries();
      const payload = new Uint8Array(5 + 32 * log.entries.length);
      payload[4] = log.entries.length;
      log.entries.forEach((e, i) => payload.set(e.raw, 5 + 32 * i));
      return payload;
    });
    const at = 5 + 32 * 2 + 8; // entry 3's target id
    raw[at] = raw[at]! ^ 0x01;
    const altered = { getLogEntries: async () => parseAuditLog(raw) } as unknown as YubiHsmSession;
    const audit = await readDeviceAudit(altered, {
      after: 'initialization',
      device: DEVICE,
      authKeyId: 4,
      at: AT,
    });
    expect(audit.chain).toEqual({
      valid: false,
      checked: 0,
      problem: 'the digest of entry 3 does not chain from entry 2; the log was altered',
    });
    expect(describeDeviceAudit(audit)).toMatch(
      /THE DIGEST CHAIN IS BROKEN: the digest of entry 3 does not chain from entry 2; the log was altered\.$/,
    );
  });

  it('finds the audit key in a record by its plan, or by the capability to read the log', () => {
    const key = (id: number, names: string[]) => ({
      id,
      type: 'authentication-key',
      capabilityNames: names,
    });
    expect(recordedAuditKeyId({ plan: { auditKey: { id: 9 } }, inventory: [] } as never, 3)).toBe(
      9,
    );
    expect(
      recordedAuditKeyId(
        {
          plan: { auditKey: { id: 0 } },
          inventory: [key(3, ['get-log-entries', 'sign-ecdsa']), key(5, ['get-log-entries'])],
        } as never,
        3,
      ),
    ).toBe(5);
    expect(recordedAuditKeyId({ plan: {}, inventory: [key(3, ['sign-ecdsa'])] } as never, 3)).toBe(
      undefined,
    );
  });
});
