// A software YubiHSM 2 (firmware 2.4.0, 3136-byte frames) that answers frames byte for byte as
// the device does (spec §1, §3–§8, §10). It is the app's default device for rehearsals and can
// be served over the yubihsm-connector API to Yubico's own tools.

import { randomBytes as nodeRandomBytes, randomInt } from 'node:crypto';
import { Command, responseCodeFor } from '../protocol/commands';
import { DeviceErrorCode } from '../protocol/device-errors';
import { MAX_FRAME_LENGTH, encodeFrame, errorFrame, tryDecodeFrame } from '../protocol/frame';
import { OneAtATime } from '../../../concurrency/one-at-a-time';
import { recordCommand, refusedByFullLog } from './auditing';
import type { DeviceIdentity } from './commands/context';
import { failureCode } from './device-failure';
import type { DeviceCore } from './device-core';
import { factoryState, resetState, type DeviceState } from './device-state';
import { DeviceFlash } from './device-flash';
import { SimulatorStateError, createStorageKey, loadDeviceRecord } from './persistence';
import {
  authenticateSession,
  createSession,
  devicePublicKey,
  plainDeviceInfo,
  plainEcho,
  type PlainOutcome,
} from './plain-commands';
import { sessionMessage } from './session-messages';
import { SessionTable } from './sessions';
import { lockStateFile, type StateLock } from './state-lock';

export interface SimulatorOptions {
  /** Default: a random 8-digit serial. A loaded state file keeps the serial it was made with. */
  serial?: number;
  /**
   * Persist here; load if it exists, else create factory state and write it. While this
   * process runs, no other process may open the same file (`<statePath>.lock`).
   */
  statePath?: string;
  /** Milliseconds; injected for the 30 s idle timeout tests. */
  now?: () => number;
  /** Injected for deterministic vectors (card challenge, nonces, ids, generated keys). */
  randomBytes?: (count: number) => Uint8Array;
}

export const SIMULATED_FIRMWARE = '2.4.0';
const FIRMWARE_VERSION = [2, 4, 0] as const;
const NONE = 0xffff;

export class SimulatedYubiHsm {
  readonly serial: number;
  readonly firmware = SIMULATED_FIRMWARE;
  private readonly core: DeviceCore;
  private lock: StateLock | undefined;
  private readonly queue = new OneAtATime();

  private constructor(core: DeviceCore, lock: StateLock | undefined) {
    this.core = core;
    this.serial = core.identity.serial;
    this.lock = lock;
  }

  static async create(options: SimulatorOptions = {}): Promise<SimulatedYubiHsm> {
    const now = options.now ?? Date.now;
    const randomBytes =
      options.randomBytes ?? ((count: number) => new Uint8Array(nodeRandomBytes(count)));
    const { statePath } = options;

    const lock = statePath ? await lockStateFile(statePath) : undefined;
    try {
      return await SimulatedYubiHsm.start(options, now, randomBytes, lock);
    } catch (error) {
      lock?.release();
      throw error;
    }
  }

  private static async start(
    options: SimulatorOptions,
    now: () => number,
    randomBytes: (count: number) => Uint8Array,
    lock: StateLock | undefined,
  ): Promise<SimulatedYubiHsm> {
    const { statePath } = options;
    let serial = options.serial ?? randomInt(10_000_000, 100_000_000);
    let state: DeviceState;
    let storageKey: Uint8Array | undefined;
    const loaded = statePath ? await loadDeviceRecord(statePath) : undefined;
    if (loaded) {
      serial = loaded.record.serial;
      state = loaded.record.state;
      storageKey = loaded.storageKey;
      // Starting from a saved state is a power-up: the log gets its boot entry (spec §8.2).
      state.log.recordBoot(state.options.forceAudit !== 0);
    } else {
      state = await factoryState();
      if (statePath) storageKey = await createStorageKey(statePath);
    }

    const identity: DeviceIdentity = { serial, version: FIRMWARE_VERSION };
    const flash =
      statePath && storageKey
        ? new DeviceFlash(statePath, storageKey, { serial, firmware: SIMULATED_FIRMWARE })
        : undefined;
    const persist = async (): Promise<boolean> => {
      if (!flash) return true;
      const written = await flash.write(core.state);
      if (!written.ok && written.previous) {
        core.state.store.wipe();
        core.state = written.previous;
      }
      return written.ok;
    };
    const core: DeviceCore = {
      identity,
      state,
      sessions: new SessionTable(now),
      randomBytes,
      now,
      bootTime: now(),
      persist,
      reset: async () => {
        core.sessions.releaseAll();
        await resetState(core.state);
        core.bootTime = now();
        await persist();
      },
    };
    if (statePath && !(await persist())) {
      throw new SimulatorStateError(
        `The simulated YubiHSM 2 could not write its state file ${statePath}; check that the folder exists and is writable.`,
      );
    }
    return new SimulatedYubiHsm(core, lock);
  }

  /**
   * Lets another process open the state file. Every change is already on disk, so nothing is
   * flushed here; the device still answers frames, but a process that closed it should stop.
   */
  async close(): Promise<void> {
    await this.queue.run(async () => {
      this.lock?.release();
      this.lock = undefined;
    });
  }

  /** One request frame in, one response frame out. Never rejects. */
  process(frame: Uint8Array): Promise<Uint8Array> {
    return this.queue.run(async () => {
      try {
        // Own copy of the request: a Buffer's slice() shares memory, and stored objects must not
        // change when the caller reuses its buffer.
        return await this.handle(new Uint8Array(frame));
      } catch {
        return errorFrame(DeviceErrorCode.INVALID_DATA);
      }
    });
  }

  /**
   * Power-cycles the device, as unplugging and re-inserting a real one: every session is gone
   * and the log records the boot.
   */
  reboot(): Promise<void> {
    return this.queue.run(async () => {
      this.core.sessions.releaseAll();
      this.core.bootTime = this.core.now();
      this.core.state.log.recordBoot(this.core.state.options.forceAudit !== 0);
      await this.core.persist();
    });
  }

  private async handle(frame: Uint8Array): Promise<Uint8Array> {
    // Frame checks (spec §1.1, §1.2): a length field that disagrees with the bytes received, a
    // frame shorter than its header, or one larger than the message buffer is WRONG_LENGTH.
    if (frame.length > MAX_FRAME_LENGTH) return errorFrame(DeviceErrorCode.WRONG_LENGTH);
    const decoded = tryDecodeFrame(frame);
    if (!decoded) return errorFrame(DeviceErrorCode.WRONG_LENGTH);
    const { code, payload } = decoded;
    switch (code) {
      case Command.Echo:
        return this.plain(code, payload, () => plainEcho(payload));
      case Command.DeviceInfo:
        return this.plain(code, payload, () => plainDeviceInfo(this.core, payload));
      case Command.CreateSession:
        return this.plain(code, payload, (note) => createSession(this.core, payload, note));
      case Command.AuthenticateSession:
        return this.plain(code, payload, (note) => authenticateSession(this.core, payload, note));
      case Command.GetDevicePublicKey:
        return this.plain(code, payload, () => devicePublicKey(this.core, payload));
      case Command.SessionMessage:
        return sessionMessage(this.core, payload);
      default:
        // Session-only commands in the clear and unknown codes (spec §4.1, §10.2).
        return errorFrame(DeviceErrorCode.INVALID_COMMAND);
    }
  }

  /** Runs a plain command, logs it when the options say so, and frames the answer. */
  private async plain(
    code: number,
    payload: Uint8Array,
    run: (note: (target: number) => void) => PlainOutcome,
  ): Promise<Uint8Array> {
    if (refusedByFullLog(this.core, code)) return errorFrame(DeviceErrorCode.LOG_FULL);
    let target = NONE;
    let response: Uint8Array;
    let result: number;
    try {
      const outcome = run((id) => (target = id));
      response = encodeFrame(responseCodeFor(code), outcome.payload);
      result = responseCodeFor(code);
    } catch (error) {
      result = failureCode(error);
      response = errorFrame(result);
    }
    const logged = recordCommand(this.core, {
      command: code,
      length: payload.length,
      sessionKey: NONE,
      target,
      second: NONE,
      result,
    });
    if (logged && !(await this.core.persist())) return errorFrame(DeviceErrorCode.STORAGE_FAILED);
    return response;
  }
}
