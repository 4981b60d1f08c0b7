// The SmartCard-HSM family beside the YubiHSM 2 (issue 16): a simulated primary and secondary
// kept in the user-data folder like the YubiHSM 2 pair (`simulators/smartcard-hsm-<role>.json`),
// and cards in PC/SC readers when the binding and pcscd are there. It keeps the list the home
// screen shows, says whether PC/SC works here (and how to get it when not), and is where the
// DKEK ceremonies of the next issue open a CardTransport by id: the renderer never chooses.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SmartCardList, SmartCardStatus, SmartCardView } from '../../shared/ipc/smartcards';
import { PcscTransport } from '../hsm/smartcard-hsm/pcsc/pcsc-transport';
import { PcscReaderWatcher, type ReaderDescriptor } from '../hsm/smartcard-hsm/pcsc/reader-watcher';
import { SimulatedSmartCardHsm } from '../hsm/smartcard-hsm/simulator';
import type { CardTransport } from '../hsm/smartcard-hsm/transport/card-transport';
import { SimulatorCardTransport } from '../hsm/smartcard-hsm/transport/simulator-transport';
import type { EventHub } from '../ipc/events';
import type { Logger } from '../log/logger';
import type { Service } from './lifecycle';
import { probeSmartCard } from './smartcard-probe';
import { userDataPaths } from './user-data';

const SIM_PREFIX = 'sim-schsm:';
export const SIMULATED_SMARTCARD_ROLES = ['primary', 'secondary'] as const;

/** What the service needs of the PC/SC watcher (pcsc/reader-watcher.ts has it). */
export type ReaderWatching = Pick<
  PcscReaderWatcher,
  'start' | 'stop' | 'list' | 'onChange' | 'onStateChange' | 'pcscState'
>;

export interface SmartCardServiceOptions {
  userDataFolder: string;
  /** Run the simulated pair (default true). */
  simulators?: boolean;
  /** Watch PC/SC readers (default true). */
  pcsc?: boolean;
  watcher?: ReaderWatching;
  events: EventHub;
  logger: Logger;
}

export function smartCardStatePath(userDataFolder: string, role: string): string {
  return join(userDataPaths(userDataFolder).simulators, `smartcard-hsm-${role}.json`);
}

export class SmartCardService implements Service {
  readonly name = 'smartcards';
  private readonly log: Logger;
  private readonly simulated = new Map<string, SimulatedSmartCardHsm>();
  private readonly views = new Map<string, SmartCardView>();
  private readonly watcher: ReaderWatching | undefined;
  private unsubscribe: (() => void)[] = [];
  /** One probe at a time per card; a newer attach makes an older probe's answer stale. */
  private readonly epochs = new Map<string, number>();

  constructor(private readonly options: SmartCardServiceOptions) {
    this.log = options.logger.child({ module: 'smartcards' });
    this.watcher =
      (options.pcsc ?? true) ? (options.watcher ?? new PcscReaderWatcher()) : undefined;
  }

  async start(): Promise<void> {
    if (this.options.simulators ?? true) {
      await mkdir(userDataPaths(this.options.userDataFolder).simulators, {
        recursive: true,
        mode: 0o700,
      });
      for (const role of SIMULATED_SMARTCARD_ROLES) {
        const card = await SimulatedSmartCardHsm.open({
          statePath: smartCardStatePath(this.options.userDataFolder, role),
        });
        this.simulated.set(role, card);
        const id = `${SIM_PREFIX}${role}`;
        this.views.set(id, {
          id,
          name: `Simulated SmartCard-HSM ${role}`,
          transport: 'simulator',
          simulated: true,
          status: { kind: 'checking' },
        });
        void this.probe(id);
      }
    }
    if (this.watcher) {
      this.unsubscribe = [
        this.watcher.onChange((event) =>
          event.type === 'attach' ? this.attach(event.reader) : this.detach(event.reader.id),
        ),
        // pcscd started or stopped: the home screen's sentence changes even with no reader.
        this.watcher.onStateChange(() => this.publish()),
      ];
      await this.watcher.start();
      for (const reader of this.watcher.list()) this.attach(reader);
    }
    this.publish();
  }

  async stop(): Promise<void> {
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
    await this.watcher?.stop();
    await Promise.allSettled([...this.simulated.values()].map((card) => card.close()));
  }

  list(): SmartCardList {
    const state = this.watcher?.pcscState;
    const pcsc =
      state === undefined
        ? { available: false as const, reason: 'Custos was started without PC/SC readers.' }
        : state.available === 'unknown'
          ? undefined
          : state.available
            ? { available: true as const }
            : { available: false as const, reason: state.reason };
    const cards = [...this.views.values()]
      .sort((a, b) =>
        a.simulated === b.simulated ? a.id.localeCompare(b.id) : a.simulated ? 1 : -1,
      )
      .map((view) => ({ ...view }));
    return pcsc ? { pcsc, cards } : { cards };
  }

  /** Reads the cards again (all, or one): after a ceremony step changed one, for instance. */
  async refresh(id?: string): Promise<void> {
    const ids = id === undefined ? [...this.views.keys()] : [id];
    await Promise.all(
      ids
        .filter((one) => this.views.get(one)?.status.kind !== 'no-card')
        .map((one) => this.probe(one)),
    );
  }

  /** A transport to the card with this id, for a ceremony step; the caller closes it. */
  async openTransport(id: string): Promise<CardTransport> {
    if (id.startsWith(SIM_PREFIX)) {
      const role = id.slice(SIM_PREFIX.length);
      const card = this.simulated.get(role);
      if (card) return new SimulatorCardTransport(card, `simulated SmartCard-HSM (${role})`);
    }
    const view = this.views.get(id);
    if (!view || view.transport !== 'pcsc')
      throw new Error(
        'That card is no longer there. Insert it again and wait until it appears in the list.',
      );
    return PcscTransport.open(view.name);
  }

  private attach(reader: ReaderDescriptor): void {
    const status: SmartCardStatus =
      reader.card === 'absent'
        ? { kind: 'no-card' }
        : reader.problem
          ? { kind: 'unreachable', reason: reader.problem }
          : { kind: 'checking' };
    this.views.set(reader.id, {
      id: reader.id,
      name: reader.reader,
      transport: 'pcsc',
      simulated: false,
      status,
    });
    this.epochs.set(reader.id, (this.epochs.get(reader.id) ?? 0) + 1);
    this.log.info('smart card reader seen', { reader: reader.reader, card: reader.card });
    this.publish();
    if (status.kind === 'checking') void this.probe(reader.id);
  }

  private detach(id: string): void {
    this.epochs.set(id, (this.epochs.get(id) ?? 0) + 1);
    if (this.views.delete(id)) this.publish();
  }

  private async probe(id: string): Promise<void> {
    const epoch = this.epochs.get(id);
    let status: SmartCardStatus;
    let transport: CardTransport | undefined;
    try {
      transport = await this.openTransport(id);
      status = await probeSmartCard(transport);
    } catch (error) {
      this.log.warn('smart card check failed', { card: id, error });
      status = {
        kind: 'unreachable',
        reason: error instanceof Error ? error.message : String(error),
      };
    } finally {
      await transport?.close().catch(() => undefined);
    }
    const view = this.views.get(id);
    if (!view || this.epochs.get(id) !== epoch) return;
    this.views.set(id, { ...view, status });
    this.publish();
  }

  private publish(): void {
    this.options.events.emit('smartcard/changed', this.list());
  }
}
