// The audit log (spec §8, §9 V5, §10.12): reset and boot entries, digest chain, command-audit
// and force-audit, the 62-entry ring, LOG_FULL and the unlogged counters.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Command } from '../protocol/commands';
import { DeviceErrorCode } from '../protocol/device-errors';
import { AuditLog, LOG_CAPACITY } from './audit-log';
import { AUDITABLE_COMMANDS } from './device-options';
import { concatBytes, u16 } from '../protocol/bytes';
import { SimulatedYubiHsm } from './simulated-yubihsm';
import { hex, manualClock, openRawSession, toHex, type RawSession } from './test-support';

interface Entry {
  number: number;
  command: number;
  data: string;
  digest: string;
}

function parseLog(payload: Uint8Array): { boots: number; auths: number; entries: Entry[] } {
  const entries: Entry[] = [];
  for (let i = 5; i < payload.length; i += 32) {
    const entry = payload.subarray(i, i + 32);
    entries.push({
      number: (entry[0]! << 8) | entry[1]!,
      command: entry[2]!,
      data: toHex(entry.subarray(0, 16)),
      digest: toHex(entry.subarray(16)),
    });
  }
  expect(entries.length).toBe(payload[4]);
  return {
    boots: (payload[0]! << 8) | payload[1]!,
    auths: (payload[2]! << 8) | payload[3]!,
    entries,
  };
}

/** Every entry's digest = SHA-256(entry bytes 0..15 || previous digest)[0..16] (spec §8.1). */
function expectChained(entries: Entry[], previousDigest?: string): void {
  let previous = previousDigest ?? entries[0]!.digest;
  for (const entry of previousDigest ? entries : entries.slice(1)) {
    const digest = createHash('sha256')
      .update(hex(entry.data))
      .update(hex(previous))
      .digest()
      .subarray(0, 16);
    expect(entry.digest).toBe(toHex(digest));
    previous = entry.digest;
  }
}

async function auditOn(session: RawSession, ...commands: number[]): Promise<void> {
  const value = concatBytes(...commands.map((command) => Uint8Array.of(command, 1)));
  await session.ok(Command.SetOption, concatBytes(hex('03'), u16(value.length), value));
}

describe('log entries (spec §8.1, V5)', () => {
  it('chains V5’s CREATE SESSION entry after the boot entry to V5’s digest', () => {
    const log = new AuditLog({
      entries: [],
      lastNumber: 2,
      lastDigest: hex('f696906e5b3929c63ca6f10a83d2a0cc'),
      unloggedBoots: 0,
      unloggedAuthentications: 0,
    });
    log.append(
      {
        command: 0x03,
        length: 10,
        sessionKey: 0xffff,
        target: 0x0001,
        second: 0xffff,
        result: 0x83,
        tick: 0x23,
      },
      false,
    );
    expect(toHex(log.state.entries[0]!)).toBe(
      '000303000affff0001ffff8300000023' + '2264d451b5eff5dfa94c544f33b787a9',
    );
  });

  it('starts a factory-fresh device with the real device’s reset and boot entries', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    const log = parseLog(await session.ok(Command.GetLogEntries));
    // Opening the session was not logged: command-audit is off by default on fw >= 2.3.1 (§7).
    expect(log).toEqual({
      boots: 0,
      auths: 0,
      entries: [
        {
          number: 1,
          command: 0xff,
          data: '0001' + 'ff'.repeat(14),
          digest: '33012657537e4842f57fa6ed3b09b25b',
        },
        {
          number: 2,
          command: 0x00,
          data: '000200' + '0000' + 'ffff' + '0000' + '0000' + '00' + '00000000',
          digest: 'fc153091560e18bca82621522c85bdba',
        },
      ],
    });
  });

  it('logs audited commands with their fields, chained, and ticks from the injected clock', async () => {
    const clock = manualClock();
    const device = await SimulatedYubiHsm.create({ now: clock.now });
    const session = await openRawSession(device);
    await auditOn(
      session,
      Command.GetObjectInfo,
      Command.CreateSession,
      Command.AuthenticateSession,
      Command.PutOpaque,
    );
    clock.advance(0x1578);
    expect(await session.error(Command.GetObjectInfo, hex('000f 03'))).toBe(
      DeviceErrorCode.OBJECT_NOT_FOUND,
    );
    const second = await openRawSession(device);
    await second.ok(
      Command.PutOpaque,
      concatBytes(
        new Uint8Array([0x00, 0x44]),
        new Uint8Array(40),
        hex('0001 0000000000000000 1e 01'),
      ),
    );
    const { entries } = parseLog(await session.ok(Command.GetLogEntries));
    expect(entries.map((e) => e.data)).toEqual([
      '0001' + 'ff'.repeat(14),
      '000200' + '0000ffff000000000000000000',
      '00034e0003' + '0001' + '000f' + 'ffff' + '0b' + '00001578',
      '000403000a' + 'ffff' + '0001' + 'ffff' + '83' + '00001578',
      '0005040011' + 'ffff' + '0001' + 'ffff' + '84' + '00001578',
      '0006420036' + '0001' + '0044' + 'ffff' + 'c2' + '00001578',
    ]);
    expectChained(entries);
  });

  it('is a ring of 62 without force-audit: the oldest entries make room', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    await auditOn(session, Command.Echo);
    for (let i = 0; i < 70; i++) await session.ok(Command.Echo, hex('00'));
    const { entries } = parseLog(await session.ok(Command.GetLogEntries));
    expect(entries.length).toBe(LOG_CAPACITY);
    expect(entries.map((e) => e.number)).toEqual(Array.from({ length: 62 }, (_, i) => 11 + i));
    expectChained(entries);
    expect((await device.process(hex('06 0000')))[11]).toBe(62);
  });

  it('records a power cycle as a boot entry and ends every session', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    await device.reboot();
    expect(toHex(await device.process(session.seal(Command.Echo, hex('01'))))).toBe('7f000103');
    const fresh = await openRawSession(device);
    const { entries } = parseLog(await fresh.ok(Command.GetLogEntries));
    expect(entries.map((e) => e.data)).toEqual([
      '0001' + 'ff'.repeat(14),
      '000200' + '0000ffff000000000000000000',
      '000300' + '0000ffff000000000000000000',
    ]);
    expectChained(entries);
  });

  it('returns to the two factory entries after RESET DEVICE', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    await auditOn(session, Command.Echo);
    await session.ok(Command.Echo, hex('00'));
    await session.ok(Command.ResetDevice);
    const fresh = await openRawSession(device);
    expect(parseLog(await fresh.ok(Command.GetLogEntries)).entries.map((e) => e.digest)).toEqual([
      '33012657537e4842f57fa6ed3b09b25b',
      'fc153091560e18bca82621522c85bdba',
    ]);
  });
});

describe('SET LOG INDEX and force-audit (spec §8.2)', () => {
  it('releases read entries, then refuses logged commands with LOG_FULL once 62 wait to be read', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    const first = parseLog(await session.ok(Command.GetLogEntries)).entries;
    expect((await session.ok(Command.SetLogIndex, u16(first.at(-1)!.number))).length).toBe(0);
    expect(parseLog(await session.ok(Command.GetLogEntries)).entries).toEqual([]);
    await session.ok(Command.SetOption, hex('01 0001 01'));
    expect(toHex(await session.ok(Command.GetOption, hex('01')))).toBe('01');

    let refusedAt = -1;
    for (let i = 0; i < 70 && refusedAt < 0; i++) {
      const frame = await session.send(Command.GetPseudoRandom, hex('0004'));
      if (frame.code === 0x7f) {
        expect(frame.payload[0]).toBe(DeviceErrorCode.LOG_FULL);
        refusedAt = i;
      }
    }
    // Entries for SET OPTION (logged under the force-audit it just turned on) and GET OPTION,
    // plus 60 random requests, fill the store.
    expect(refusedAt).toBe(60);
    expect((await device.process(hex('06 0000')))[11]).toBe(62);

    // A power cycle and a new session still happen; both are counted instead of logged.
    await device.reboot();
    const auditor = await openRawSession(device);
    const full = parseLog(await auditor.ok(Command.GetLogEntries));
    expect(full.boots).toBe(1);
    expect(full.auths).toBe(1);
    expect(full.entries.length).toBe(62);
    expectChained(full.entries, first.at(-1)!.digest);
    // Releasing what was read lets logged commands run again.
    await auditor.ok(Command.SetLogIndex, u16(full.entries.at(-1)!.number));
    expect((await auditor.ok(Command.GetPseudoRandom, hex('0004'))).length).toBe(4);
    const next = parseLog(await auditor.ok(Command.GetLogEntries));
    expect(next.entries.map((e) => e.command)).toEqual([
      Command.SetLogIndex,
      Command.GetPseudoRandom,
    ]);
    expectChained(next.entries, full.entries.at(-1)!.digest);
  });

  it('refuses an index the log has not reached yet', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    expect(await session.error(Command.SetLogIndex, hex('0010'))).toBe(
      DeviceErrorCode.INVALID_DATA,
    );
    expect((await session.ok(Command.SetLogIndex, hex('0001'))).length).toBe(0);
    // Releasing an entry twice changes nothing.
    expect((await session.ok(Command.SetLogIndex, hex('0001'))).length).toBe(0);
    expect(parseLog(await session.ok(Command.GetLogEntries)).entries.map((e) => e.number)).toEqual([
      2,
    ]);
  });
});

describe('options (spec §4.3)', () => {
  it('reports command-audit for every command in the device’s order, all off from the factory', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    const reply = await session.ok(Command.GetOption, hex('03'));
    expect(toHex(reply)).toBe(
      AUDITABLE_COMMANDS.map((c) => c.toString(16).padStart(2, '0') + '00').join(''),
    );
    expect(
      toHex(reply).startsWith(
        '0100030004000500060007000900080040004100420043004400450046004700550056004800',
      ),
    ).toBe(true);
    await auditOn(session, Command.SignEcdsa);
    const after = await session.ok(Command.GetOption, hex('03'));
    const index = AUDITABLE_COMMANDS.indexOf(Command.SignEcdsa);
    expect(after[2 * index + 1]).toBe(1);
  });

  it('refuses unsupported options, bad values and un-fixing a fixed option with INVALID_DATA', async () => {
    const device = await SimulatedYubiHsm.create();
    const session = await openRawSession(device);
    expect(await session.error(Command.GetOption, hex('04'))).toBe(DeviceErrorCode.INVALID_DATA);
    expect(await session.error(Command.SetOption, hex('04 0002 0100'))).toBe(
      DeviceErrorCode.INVALID_DATA,
    );
    expect(await session.error(Command.SetOption, hex('01 0001 03'))).toBe(
      DeviceErrorCode.INVALID_DATA,
    );
    expect(await session.error(Command.SetOption, hex('03 0002 0201'))).toBe(
      DeviceErrorCode.INVALID_DATA,
    );
    await session.ok(Command.SetOption, hex('01 0001 02'));
    expect(await session.error(Command.SetOption, hex('01 0001 00'))).toBe(
      DeviceErrorCode.INVALID_DATA,
    );
    await session.ok(Command.ResetDevice);
    const fresh = await openRawSession(device);
    expect(toHex(await fresh.ok(Command.GetOption, hex('01')))).toBe('00');
  });
});
