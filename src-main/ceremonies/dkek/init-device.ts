// The device steps of a DKEK initialisation (issue 10 step 4, spec §1, §3, §5, §7.1): the same
// device as at preflight, INITIALIZE with the share count, each share imported with the status
// after it, and the device's check value compared with the one computed from the files; a DKEK
// of one share imported twice (KCV 66687AADF862BD77) is refused. A rehearsal (simulated device)
// ends with two labelled keys on the device so a back-up has something to wrap.

import type { DkekInitSnapshot } from '../../../shared/ceremony/dkek-init-snapshot';
import { outstandingInWords } from '../../../shared/ceremony/dkek-share-holders';
import type { DkekInitStepId } from '../../../shared/ceremony/dkek-init-steps';
import { ZERO_DKEK_CHECK_VALUE } from '../../dkek/check-value';
import {
  SmartCardHsmClient,
  SmartCardHsmClientError,
  SmartCardHsmStatusError,
  type DkekStatus,
} from '../../hsm/smartcard-hsm/client';
import type { OpenedCard } from '../../hsm/smartcard-hsm/transport/card-spec';
import { Refusal } from '../../refusal/refusal';
import type { EngineCore } from '../common/engine-core';
import { readPreflight } from './device';
import { holdersOf } from './plan-file';
import type { DkekInitPart, DkekInitState, Planned } from './init-state';
import type { MadeShare, ProvenSet } from './share-set';

/** How an engine reaches a card by id; each step opens it and closes it again. */
export interface CardAccess {
  open(deviceId: string): Promise<OpenedCard>;
}

export const REHEARSAL_KEYS = [
  { keyReference: 1, algorithm: 'ec-p256', label: 'Rehearsal EC P-256' },
  { keyReference: 2, algorithm: 'rsa-2048', label: 'Rehearsal RSA-2048' },
] as const;

type Core = EngineCore<DkekInitStepId, DkekInitState, DkekInitSnapshot>;
type DevicePart = Extract<DkekInitPart, { step: 'device' }>;

export class DeviceSteps {
  constructor(
    private readonly core: Core,
    private readonly options: { cards: CardAccess },
  ) {}

  devicePart(planned: Planned, made: MadeShare[], proven: ProvenSet | undefined): DevicePart {
    const { plan, folder, credentials } = planned;
    return {
      step: 'device',
      plan,
      folder,
      credentials,
      made,
      ...(proven ? { proven } : {}),
      initialised: false,
      imported: [],
      total: plan.shares.length,
      outstanding: plan.shares.length,
      rehearsalKeys: [],
    };
  }

  async initialise(): Promise<DkekInitSnapshot> {
    const { state, part } = this.at('initialise the device');
    if (part.initialised) throw new Refusal('conflict', 'The device is already initialised.');
    const { plan, credentials } = part;
    await this.withDevice(state, 'Initialising the device', async (client) => {
      state.deviceTouched = true;
      await client.initialize({
        soPin: credentials.soPin,
        userPin: credentials.pin,
        userPinRetries: plan.pinRetries,
        ...(plan.mode === 'none'
          ? {}
          : { dkekShares: plan.mode === 'random' ? 0 : plan.shares.length }),
      });
      part.initialised = true;
      await part.folder.update((record) => ({ ...record, stage: 'device' }));
      await part.folder.log('device-initialised', {
        serial: state.preflight.device.serial,
        mode: plan.mode,
        shareCount: plan.shares.length,
        pinRetries: plan.pinRetries,
      });
      if (plan.mode === 'random') part.kcv = await this.completeKcv(client, credentials.pin);
      if (plan.mode !== 'shares') await this.afterComplete(state, part, client);
    });
    return this.core.snapshot();
  }

  async importNext(): Promise<DkekInitSnapshot> {
    const { state, part } = this.at('import a share');
    if (!part.initialised) throw new Refusal('conflict', 'Initialise the device first.');
    const next = part.made.find((share) => !part.imported.includes(share.plan.number));
    if (!next || !part.proven)
      throw new Refusal('conflict', 'Every share is imported; finish the ceremony.');
    const share = part.proven.opened.get(next.plan.number)!;
    await this.withDevice(state, `Importing share ${next.plan.number}`, async (client) => {
      let status: DkekStatus;
      try {
        status = await client.importDkekShare(share);
      } finally {
        share.fill(0);
        part.proven!.opened.delete(next.plan.number);
      }
      part.imported.push(next.plan.number);
      const outstanding = status.state === 'pending' ? status.outstanding : 0;
      part.outstanding = outstanding;
      await part.folder.update((record) => ({
        ...record,
        imports: [
          ...record.imports,
          {
            shareNumber: next.plan.number,
            deviceSerial: state.preflight.device.serial,
            at: new Date().toISOString(),
            session: 'ceremony' as const,
            outstandingAfter: outstanding,
          },
        ],
      }));
      await part.folder.log('share-imported', {
        shareNumber: next.plan.number,
        total: part.total,
        outstanding,
      });
      if (outstanding > 0) return;
      const kcv =
        status.state === 'complete'
          ? status.kcv
          : await this.completeKcv(client, part.credentials.pin);
      if (kcv === ZERO_DKEK_CHECK_VALUE)
        throw await this.fail(
          state,
          'The device shows the check value of an all-zero DKEK: one share was imported twice. The domain is unusable; re-initialise the device and import each share once.',
        );
      if (kcv !== part.proven!.kcv)
        throw await this.fail(
          state,
          `The device's check value ${kcv} differs from ${part.proven!.kcv}, computed from the share files: another share reached the device. Do not use this device; re-initialise it.`,
        );
      part.kcv = kcv;
      await this.afterComplete(state, part, client);
    });
    return this.core.snapshot();
  }

  async finish(leaveOutstanding: boolean): Promise<DkekInitSnapshot> {
    const { state, part } = this.at('finish the ceremony');
    const complete = part.initialised && (part.plan.mode !== 'shares' || part.outstanding === 0);
    if (!part.initialised) throw new Refusal('conflict', 'Initialise the device first.');
    if (!complete && !leaveOutstanding)
      throw new Refusal(
        'conflict',
        `The device still waits for ${part.outstanding} share${part.outstanding === 1 ? '' : 's'}; import them first.`,
      );
    const at = new Date().toISOString();
    const left = complete ? [] : part.made.filter((s) => !part.imported.includes(s.plan.number));
    // The ceremony ends here: both air-gap surveys go in before its end (issue 14).
    await this.core.recordAirGap(state, part.folder);
    await part.folder.update((record) => ({
      ...record,
      status: 'complete',
      stage: 'finished',
      finishedAt: at,
      ...(left.length > 0
        ? {
            statusReason: leftInWords(left),
          }
        : {}),
      dkek: {
        ...record.dkek,
        ...(part.kcv ? { kcv: part.kcv, kcvConfirmedAt: at } : {}),
      },
    }));
    await part.folder.log('ceremony-finished', {
      ...(part.kcv ? { kcv: part.kcv } : {}),
      outstanding: complete ? 0 : part.outstanding,
      ...(left.length > 0 ? { outstandingShares: left.map((share) => share.plan.number) } : {}),
    });
    this.core.advance(state);
    const { folder, made, kcv, rehearsalKeys, imported, total } = part;
    this.core.wipeCurrent();
    state.part = {
      step: 'record',
      folder,
      made,
      rehearsalKeys,
      imported,
      total,
      ...(kcv ? { kcv } : {}),
    };
    state.finished = true;
    return this.core.snapshot();
  }

  /** Stops the ceremony and says where in the record (whether the device was touched). */
  async stop(state: DkekInitState, status: 'abandoned' | 'failed', reason: string) {
    if (state.stopped || state.finished) return;
    state.stopped = { status, reason, deviceTouched: state.deviceTouched };
    const folder = 'folder' in state.part ? state.part.folder : undefined;
    this.core.wipeCurrent();
    if (!folder) return;
    const said = state.deviceTouched
      ? `${reason}; the device was changed`
      : `${reason}; the device was not touched`;
    await this.core.recordAirGap(state, folder);
    await folder.update((record) => ({ ...record, status, statusReason: said }));
    await folder.log(`ceremony-${status}`, { reason: said });
  }

  private async fail(state: DkekInitState, sentence: string): Promise<Refusal> {
    await this.stop(state, 'failed', sentence);
    return new Refusal('device-error', sentence);
  }

  /** The check value of a complete DKEK; a Pico HSM shows it only after VERIFY (spec §7.1). */
  private async completeKcv(client: SmartCardHsmClient, pin: string): Promise<string> {
    let status = await client.dkekStatus();
    if (status.state === 'complete-kcv-hidden') status = await client.dkekStatus({ pin });
    if (status.state !== 'complete')
      throw new Refusal('device-error', 'The device does not show a complete DKEK.');
    return status.kcv;
  }

  private async afterComplete(state: DkekInitState, part: DevicePart, client: SmartCardHsmClient) {
    if (!state.rehearsal) return;
    await client.verifyPin(part.credentials.pin);
    for (const key of REHEARSAL_KEYS) {
      await client.generateKeyPair(key.keyReference, {
        algorithm: key.algorithm,
        label: key.label,
      });
      part.rehearsalKeys.push(key.label);
    }
    await part.folder.log('rehearsal-keys-generated', {
      keys: REHEARSAL_KEYS.map((key) => ({ ...key })),
    });
  }

  private at(what: string): { state: DkekInitState; part: DevicePart } {
    const state = this.core.at(['device'], what);
    if (state.part.step !== 'device') throw new Error('device step without its part');
    return { state, part: state.part };
  }

  /** Opens the card, checks it is the preflight's device, runs `work`, closes it. */
  private async withDevice(
    state: DkekInitState,
    sentence: string,
    work: (client: SmartCardHsmClient) => Promise<void>,
  ): Promise<void> {
    await this.core.busy(state, sentence, async () => {
      const card = await this.options.cards.open(state.deviceId).catch((error: unknown) => {
        throw new Refusal('device-missing', deviceSentence(error), { cause: error });
      });
      try {
        const now = await readPreflight(card);
        if (now.device.serial !== state.preflight.device.serial)
          throw new Refusal(
            'device-error',
            `The device in the reader (serial ${now.device.serial}) is not the one this ceremony started with (serial ${state.preflight.device.serial}); put that one back. Nothing was changed.`,
          );
        await work(new SmartCardHsmClient(card.transport));
      } catch (error) {
        if (error instanceof Refusal) throw error;
        throw new Refusal('device-error', deviceSentence(error), { cause: error });
      } finally {
        await card.close().catch(() => undefined);
      }
    });
  }
}

function deviceSentence(error: unknown): string {
  if (error instanceof SmartCardHsmStatusError || error instanceof SmartCardHsmClientError)
    return `The device refused: ${error.message}`;
  return error instanceof Error ? `${error.message}` : 'The device did not answer.';
}

/** The record's statusReason (≤ 2000 characters) for a ceremony ended with shares outstanding. */
function leftInWords(left: readonly MadeShare[]): string {
  const named = outstandingInWords(
    left.map((share) => ({ number: share.plan.number, holders: holdersOf(share.plan) })),
  );
  // Sixteen splits of nine long names do not fit; the numbers do, and the record names holders.
  const which =
    named.length <= 1800 ? named : `Shares ${left.map((s) => s.plan.number).join(', ')}.`;
  return `Finished with shares outstanding. ${which} The device waits for them; each holder imports theirs later, at any site, with dkek import.`;
}
