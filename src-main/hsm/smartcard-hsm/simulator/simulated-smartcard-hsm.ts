// A simulated SmartCard-HSM (or Pico HSM): the VirtualCard the in-process transport and the
// vpcd bridge drive. Command APDUs in, responses out, synchronously and never throwing: every
// failure is a status word (spec §5.4). State changes are written to the state file in the
// background, in order; flush() waits for them. One process per state file (the lock).

import { randomBytes } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { lockStateFile, type StateLock } from '../../yubihsm/simulator/state-lock';
import { ApduFormatError, parseCommand, statusOnly } from '../protocol/apdu';
import { Cla, Ins, SMARTCARD_HSM_ATR } from '../protocol/constants';
import { StatusWord } from '../protocol/status-words';
import {
  factoryState,
  freshSession,
  wipeState,
  type CardFlavour,
  type CardSession,
  type CardState,
} from './card-state';
import { getChallenge, listFiles, select } from './commands/applet';
import type { Card, CommandHandler } from './commands/card';
import { deleteFile, readBinary, updateBinary } from './commands/files';
import { initializeDevice } from './commands/initialize';
import { manageKeyDomain } from './commands/key-domain';
import { generateKeyPair, sign } from './commands/keys';
import { resetRetryCounter, verify } from './commands/pins';
import { unwrapKey, wrapKey } from './commands/wrap';
import { createStorageKey, loadCardState, SimulatorStateError, writeCardState } from './state-file';
import type { VirtualCard } from './virtual-card';

/** Commands by instruction, with the class each is sent with (OpenSC's sc-hsm driver). */
const COMMANDS: ReadonlyMap<number, { cla: number; run: CommandHandler }> = new Map([
  [Ins.SELECT, { cla: Cla.ISO, run: select }],
  [Ins.GET_CHALLENGE, { cla: Cla.ISO, run: getChallenge }],
  [Ins.VERIFY, { cla: Cla.ISO, run: verify }],
  [Ins.RESET_RETRY_COUNTER, { cla: Cla.ISO, run: resetRetryCounter }],
  [Ins.GENERATE_ASYMMETRIC_KEY_PAIR, { cla: Cla.ISO, run: generateKeyPair }],
  [Ins.READ_BINARY_ODD, { cla: Cla.ISO, run: readBinary }],
  [Ins.UPDATE_BINARY_ODD, { cla: Cla.ISO, run: updateBinary }],
  [Ins.DELETE_FILE, { cla: Cla.ISO, run: deleteFile }],
  [Ins.INITIALIZE_DEVICE, { cla: Cla.PROPRIETARY, run: initializeDevice }],
  [Ins.MANAGE_KEY_DOMAIN, { cla: Cla.PROPRIETARY, run: manageKeyDomain }],
  [Ins.LIST_FILES, { cla: Cla.PROPRIETARY, run: listFiles }],
  [Ins.SIGN, { cla: Cla.PROPRIETARY, run: sign }],
  [Ins.WRAP_KEY, { cla: Cla.PROPRIETARY, run: wrapKey }],
  [Ins.UNWRAP_KEY, { cla: Cla.PROPRIETARY, run: unwrapKey }],
]);

export interface SimulatedSmartCardHsmOptions {
  /** Where the card keeps its state; without it the card lives in memory only. */
  statePath?: string;
  /** For a new state file: which device to behave as (default: a real SmartCard-HSM). */
  flavour?: CardFlavour;
}

export class SimulatedSmartCardHsm implements VirtualCard {
  readonly atr = SMARTCARD_HSM_ATR.slice();
  private session: CardSession = freshSession();
  private writes: Promise<void> = Promise.resolve();
  private writeError: unknown;
  private closed = false;

  private constructor(
    readonly flavour: CardFlavour,
    private readonly state: CardState,
    private readonly storage:
      { statePath: string; storageKey: Uint8Array; lock: StateLock } | undefined,
  ) {}

  static async open(options: SimulatedSmartCardHsmOptions = {}): Promise<SimulatedSmartCardHsm> {
    const { statePath } = options;
    if (!statePath)
      return new SimulatedSmartCardHsm(
        options.flavour ?? 'smartcard-hsm',
        factoryState(p256.utils.randomSecretKey()),
        undefined,
      );
    const lock = await lockStateFile(statePath, 'simulated SmartCard-HSM');
    try {
      const loaded = await loadCardState(statePath);
      if (loaded) {
        if (options.flavour && options.flavour !== loaded.flavour)
          throw new SimulatorStateError(
            `The simulated card in ${statePath} is a ${flavourName(loaded.flavour)}, not a ${flavourName(options.flavour)}; use another state file for the other kind of device.`,
          );
        return new SimulatedSmartCardHsm(loaded.flavour, loaded.state, {
          statePath,
          storageKey: loaded.storageKey,
          lock,
        });
      }
      const flavour = options.flavour ?? 'smartcard-hsm';
      const state = factoryState(p256.utils.randomSecretKey());
      const storageKey = await createStorageKey(statePath);
      await writeCardState(statePath, storageKey, flavour, state);
      return new SimulatedSmartCardHsm(flavour, state, { statePath, storageKey, lock });
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  transmit(apdu: Uint8Array): Uint8Array {
    if (this.closed || this.writeError !== undefined) return statusOnly(StatusWord.MEMORY_FAILURE);
    let command;
    try {
      command = parseCommand(apdu);
    } catch (error) {
      if (error instanceof ApduFormatError) return statusOnly(StatusWord.WRONG_LENGTH);
      return statusOnly(StatusWord.NO_PRECISE_DIAGNOSIS);
    }
    const entry = COMMANDS.get(command.ins);
    if (!entry) return statusOnly(StatusWord.INS_NOT_SUPPORTED);
    if (command.cla !== entry.cla) return statusOnly(StatusWord.CLA_NOT_SUPPORTED);
    try {
      return entry.run(command, this.card());
    } catch {
      return statusOnly(StatusWord.NO_PRECISE_DIAGNOSIS);
    }
  }

  reset(): void {
    this.session = freshSession();
  }

  /** Resolves once every state change so far is on disk; rejects with the write's sentence. */
  async flush(): Promise<void> {
    await this.writes;
    if (this.writeError !== undefined) throw this.writeError;
  }

  /** Writes what is pending, releases the lock and zeroes the card's secrets in memory. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.writes;
    } finally {
      this.storage?.lock.release();
      this.storage?.storageKey.fill(0);
      wipeState(this.state);
    }
    if (this.writeError !== undefined) throw this.writeError;
  }

  private card(): Card {
    return {
      state: this.state,
      session: this.session,
      flavour: this.flavour,
      random: (length) => new Uint8Array(randomBytes(length)),
      changed: () => this.persist(),
    };
  }

  private persist(): void {
    const storage = this.storage;
    if (!storage) return;
    this.writes = this.writes.then(async () => {
      if (this.writeError !== undefined) return;
      try {
        await writeCardState(storage.statePath, storage.storageKey, this.flavour, this.state);
      } catch (error) {
        // Like a card whose flash failed: it answers 6581 from now on, and flush() says why.
        this.writeError = new SimulatorStateError(
          `The simulated SmartCard-HSM could not write its state file ${storage.statePath} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}); the last change may be lost. Check the folder is writable, then restart the simulator.`,
          { cause: error },
        );
      }
    });
  }
}

function flavourName(flavour: CardFlavour): string {
  return flavour === 'pico-hsm' ? 'Pico HSM' : 'SmartCard-HSM';
}
