// Binary form of the device's persistent state (objects, creation counters, options, log), the
// plaintext that persistence.ts seals. Objects reuse the wrapped-object layout (spec §6.2) with
// a zero wrap-algorithm byte, so there is one object encoding in the simulator, not two.

import { AuditLog } from './audit-log';
import { concatBytes, u16 } from '../protocol/bytes';
import { PayloadReader } from './bytes';
import { newDeviceSecrets } from './device-secrets';
import type { DeviceState } from './device-state';
import { ObjectStore } from './object-store';
import { decodeWrapPlaintext, encodeWrapPlaintext } from './wrap-plaintext';

/** Version 2 added the device secrets; a version 1 state gets fresh ones when loaded. */
const CODEC_VERSION = 2;
const EC_P256_BODY_LENGTH = 96;

export function encodeState(state: DeviceState): Uint8Array {
  const { store, options, log, device } = state;
  const parts: Uint8Array[] = [Uint8Array.of(CODEC_VERSION)];
  parts.push(device.attestationKey, device.authenticationKey);

  parts.push(Uint8Array.of(options.forceAudit, options.commandAudit.size));
  for (const [command, value] of options.commandAudit) parts.push(Uint8Array.of(command, value));

  parts.push(u16(store.creations.size));
  for (const [key, next] of store.creations) {
    const [type, id] = key.split(':').map(Number) as [number, number];
    parts.push(Uint8Array.of(type), u16(id), Uint8Array.of(next));
  }

  const logState = log.state;
  parts.push(
    u16(logState.lastNumber),
    logState.lastDigest,
    u16(logState.unloggedBoots),
    u16(logState.unloggedAuthentications),
    Uint8Array.of(logState.entries.length),
    ...logState.entries,
  );

  const records: Uint8Array[] = [];
  const framing: Uint8Array[] = [];
  store.slots.forEach((object, slot) => {
    if (!object) return;
    const record = encodeWrapPlaintext(0, object);
    records.push(record);
    framing.push(concatBytes(u16(slot), u16(record.length), record));
  });
  parts.push(u16(records.length), ...framing);
  const out = concatBytes(...parts);
  // Object records hold key material: only the sealed copy may outlive this call.
  for (const part of [...records, ...framing]) part.fill(0);
  return out;
}

/** Throws a plain Error when the bytes are not a state this version wrote. */
export function decodeState(bytes: Uint8Array): DeviceState {
  try {
    return decode(new PayloadReader(bytes));
  } catch (error) {
    throw new Error(
      `the sealed state does not decode (${error instanceof Error ? error.message : 'malformed'})`,
      { cause: error },
    );
  }
}

function decode(reader: PayloadReader): DeviceState {
  const version = reader.u8();
  if (version !== 1 && version !== CODEC_VERSION) throw new Error('unknown state version');
  const device =
    version === 1
      ? newDeviceSecrets()
      : {
          attestationKey: reader.take(EC_P256_BODY_LENGTH).slice(),
          authenticationKey: reader.take(EC_P256_BODY_LENGTH).slice(),
        };

  const forceAudit = reader.u8();
  const commandAudit = new Map<number, number>();
  for (let count = reader.u8(); count > 0; count--) commandAudit.set(reader.u8(), reader.u8());

  const creations = new Map<string, number>();
  for (let count = reader.u16(); count > 0; count--) {
    const type = reader.u8();
    const id = reader.u16();
    creations.set(`${type}:${id}`, reader.u8());
  }

  const lastNumber = reader.u16();
  const lastDigest = reader.take(16).slice();
  const unloggedBoots = reader.u16();
  const unloggedAuthentications = reader.u16();
  const entries: Uint8Array[] = [];
  for (let count = reader.u8(); count > 0; count--) entries.push(reader.take(32).slice());

  const slots: ObjectStore['slots'] = [];
  for (let count = reader.u16(); count > 0; count--) {
    const slot = reader.u16();
    const record = reader.take(reader.u16());
    slots[slot] = decodeWrapPlaintext(record).object;
  }
  reader.end();

  return {
    store: new ObjectStore(slots, creations),
    options: { forceAudit, commandAudit },
    log: new AuditLog({ entries, lastNumber, lastDigest, unloggedBoots, unloggedAuthentications }),
    device,
  };
}
