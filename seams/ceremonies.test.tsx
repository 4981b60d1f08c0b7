// Seam tests, one per ceremony: engine → IPC router → the page's store → the rendered step,
// with the snapshots main really pushes and answers (seams/app-window.tsx), a refusal included.
// Unit tests read an engine's state and render tests render hand-made snapshots, so a snapshot
// main never pushes (the busy one left on screen after a refused device step) slips between
// them; here the step is rendered from what reached the store, and the person must be able to
// go on from it.

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupSnapshot } from '../shared/ceremony/backup-snapshot';
import type { RestoreSnapshot } from '../shared/ceremony/restore-snapshot';
import type { VerifySnapshot } from '../shared/ceremony/verify-snapshot';
import {
  APP_PASSWORD,
  initializeCeremonyOn,
} from '../src-main/ceremonies/common/testing/initialized-ceremony';
import { appDevices } from '../src-main/ceremonies/common/app-devices';
import { restoreFromFiles } from '../src-main/ceremonies/restore/restore-from-files';
import { BackupProvider } from '../src-renderer/ceremonies/backup/backup-context';
import { BackupFrame, openBackup } from '../src-renderer/ceremonies/backup/BackupWizard';
import { BackupIntents } from '../src-renderer/ceremonies/backup/intents';
import { InitFrame } from '../src-renderer/ceremonies/init/InitFrame';
import { RestoreIntents } from '../src-renderer/ceremonies/restore/intents';
import { RestoreProvider } from '../src-renderer/ceremonies/restore/restore-context';
import { openRestore, RestoreFrame } from '../src-renderer/ceremonies/restore/RestoreWizard';
import { InitProvider } from '../src-renderer/ceremonies/init/init-context';
import { InitIntents } from '../src-renderer/ceremonies/init/intents';
import { VerifyIntents } from '../src-renderer/ceremonies/verify/intents';
import { VerifyProvider } from '../src-renderer/ceremonies/verify/verify-context';
import { openVerify, VerifyFrame } from '../src-renderer/ceremonies/verify/VerifyWizard';
import { createCeremonyStore, type CeremonyStore } from '../src-renderer/stores/ceremony-store';
import { createInitStore, openInitCeremony } from '../src-renderer/stores/init-store';
import { firstSnapshot, openAppWindow, tagOf, textOf, type AppWindow } from './app-window';

const WRONG_PASSWORD = 'not the application key password';
const WRONG_PASSWORD_SENTENCE = (role: string, serial: number) =>
  `Authentication key 0x0003 did not open a session on ${role} (serial ${serial}): check the key id and its password.`;

let open: AppWindow | undefined;
const stops: (() => void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await open?.close();
  open = undefined;
});

/**
 * Server rendering reads a store's first state, so the step is rendered from a store that starts
 * where the page's store is now: the snapshot and refusal that reached it.
 */
function asShown<S>(store: CeremonyStore<S>): CeremonyStore<S> {
  const { snapshot, refusal, note } = store.getState();
  return createCeremonyStore(snapshot ?? undefined, { refusal, note });
}

const serialOf = (window: AppWindow, id: string) =>
  window.app.devices.list().find((device) => device.id === id)!.serial;

/** A window whose simulated primary a ceremony initialized; its shares, as the fixture made them. */
async function initializedWindow(): Promise<{
  window: AppWindow;
  folder: string;
  shares: string[];
}> {
  const window = (open = await openAppWindow());
  const folder = join(window.folder, 'ceremony');
  const { shares } = await initializeCeremonyOn(
    folder,
    await window.app.devices.openTransport('sim:primary'),
  );
  return { window, folder, shares };
}

describe('seams: what the page shows after a refused step is what main last said', () => {
  it('back-up: a wrong password leaves the primary step usable, not busy, and the right one reaches the review', async () => {
    const { window, folder } = await initializedWindow();
    const store = createCeremonyStore<BackupSnapshot>();
    stops.push(openBackup(store, window.api));
    await firstSnapshot(store);
    const intents = new BackupIntents(store, window.api);
    const screen = () =>
      window.render(
        <BackupProvider store={asShown(store)} intents={intents}>
          <BackupFrame onLeave={() => undefined} />
        </BackupProvider>,
      );
    await intents.chooseFolder(folder);
    await intents.choosePrimary('sim:primary');
    const serial = serialOf(window, 'sim:primary');

    expect(await intents.authenticate(3, WRONG_PASSWORD)).toBeNull();
    expect(store.getState().snapshot?.busy).toBeUndefined();
    let markup = screen();
    expect(tagOf(markup, 'ceremony-busy')).toBe('');
    expect(textOf(markup, 'ceremony-refusal')).toBe(WRONG_PASSWORD_SENTENCE('the primary', serial));
    expect(tagOf(markup, 'wizard-cancel')).not.toBe('');
    expect(tagOf(markup, 'dump-auth-submit')).not.toContain('disabled');

    expect(await intents.authenticate(3, APP_PASSWORD)).not.toBeNull();
    markup = screen();
    expect(tagOf(markup, 'wizard')).toContain('data-step-id="review"');
    expect(tagOf(markup, 'ceremony-refusal')).toBe('');
  });

  it('verify: the primary refused as the clone at once, and a wrong password at Run leaves the devices step usable', async () => {
    const { window, folder, shares } = await initializedWindow();
    await restoreFromFiles({
      folderPath: folder,
      access: appDevices(window.app.devices),
      deviceId: 'sim:secondary',
      shares: [
        { path: '1-ada.txt', text: shares[0]! },
        { path: '2-grace.txt', text: shares[1]! },
      ],
      proof: { credential: { password: APP_PASSWORD } },
    });
    const store = createCeremonyStore<VerifySnapshot>();
    stops.push(openVerify(store, window.api));
    await firstSnapshot(store);
    const intents = new VerifyIntents(store, window.api);
    const screen = () =>
      window.render(
        <VerifyProvider store={asShown(store)} intents={intents}>
          <VerifyFrame onLeave={() => undefined} />
        </VerifyProvider>,
      );
    await intents.chooseFolder(folder);
    const primary = serialOf(window, 'sim:primary');
    const secondary = serialOf(window, 'sim:secondary');

    expect(await intents.chooseSecondary('sim:primary')).toBeNull();
    let markup = screen();
    expect(textOf(markup, 'ceremony-refusal')).toBe(
      `The device chosen as the clone (serial ${primary}) is the primary itself. Plug in the secondary and choose it.`,
    );
    expect(tagOf(markup, 'verify-secondary-chosen')).toBe('');

    await intents.chooseSecondary('sim:secondary');
    await intents.authenticate(3, WRONG_PASSWORD);
    expect(await intents.run()).toBeNull();
    markup = screen();
    expect(tagOf(markup, 'ceremony-busy')).toBe('');
    expect(textOf(markup, 'ceremony-refusal')).toBe(
      WRONG_PASSWORD_SENTENCE('the secondary', secondary),
    );
    expect(tagOf(markup, 'wizard-cancel')).not.toBe('');
    expect(tagOf(markup, 'verify-auth-state')).toContain('data-given="false"');

    await intents.authenticate(3, APP_PASSWORD);
    expect(await intents.run()).not.toBeNull();
    expect(tagOf(screen(), 'verify-result')).toContain('data-all-match="true"');
  });

  it('restore: another custodian’s share is said at the entry, and a wrong password at the device steps asks for it again there', async () => {
    const { window, folder, shares } = await initializedWindow();
    const store = createCeremonyStore<RestoreSnapshot>();
    stops.push(openRestore(store, window.api));
    await firstSnapshot(store);
    const intents = new RestoreIntents(store, window.api);
    const screen = () =>
      window.render(
        <RestoreProvider store={asShown(store)} intents={intents}>
          <RestoreFrame onLeave={() => undefined} />
        </RestoreProvider>,
      );
    await intents.chooseFolder(folder);
    await intents.chooseSecondary('sim:secondary');
    await intents.toShares();
    await intents.beginTurn(1);
    // Grace's share offered in Ada's turn: refused at the entry, which stays open.
    await intents.submitShare({ text: shares[1]! });
    let markup = screen();
    expect(textOf(markup, 'restore-share-refusal')).toBe(
      'Ada Lovelace (share 1): This custodian holds share 1, but the share typed says number 2 (after the first dash): check that number, or let the custodian who holds share 2 enter it.',
    );
    expect(tagOf(markup, 'restore-entry')).not.toBe('');
    expect(tagOf(markup, 'ceremony-busy')).toBe('');
    await intents.submitShare({ text: shares[0]! });
    await intents.nextCustodian();
    await intents.beginTurn(2);
    await intents.submitShare({ text: shares[1]! });
    await intents.nextCustodian();

    await intents.setApplicationKey(undefined, WRONG_PASSWORD);
    await intents.runDeviceSteps();
    markup = screen();
    expect(tagOf(markup, 'ceremony-busy')).toBe('');
    expect(tagOf(markup, 'wizard')).toContain('data-step-id="device-steps"');
    expect(tagOf(markup, 'restore-password-hint')).not.toBe('');
    expect(tagOf(markup, 'restore-factory-key')).toContain('data-decision="kept"');
    expect(tagOf(markup, 'restore-app-key-submit')).not.toContain('disabled');
    expect(tagOf(markup, 'wizard-cancel')).not.toBe('');

    await intents.setApplicationKey(undefined, APP_PASSWORD);
    await intents.runDeviceSteps();
    expect(tagOf(screen(), 'wizard')).toContain('data-step-id="finished"');
  });

  it('initialize: a plan edit that does not parse yet reaches main and is said at its field, not refused', async () => {
    const window = (open = await openAppWindow());
    const store = createInitStore();
    stops.push(openInitCeremony(store, window.api));
    await firstSnapshot(store);
    const intents = new InitIntents(store, window.api);
    const screen = () =>
      window.render(
        <InitProvider
          store={createInitStore(store.getState().snapshot ?? undefined, store.getState().refusal)}
          intents={intents}
        >
          <InitFrame onLeave={() => undefined} />
        </InitProvider>,
      );
    await intents.choosePrimary('sim:primary');
    await intents.toPlan();
    const draft = store.getState().snapshot!.view;
    if (draft.step !== 'plan') throw new Error('not at the plan');
    expect(
      await intents.updatePlan({ ...draft.plan, ceremony: 'Seam', custodians: ['Ann', '', 'Cy'] }),
    ).not.toBeNull();
    const markup = screen();
    expect(store.getState().refusal).toBeNull();
    expect(tagOf(markup, 'ceremony-refusal')).toBe('');
    expect(markup).toContain('data-field="custodians.1"');
    expect(markup).toContain('Every custodian needs a name.');
    expect(tagOf(markup, 'wizard-next')).toContain('disabled');
  });
});
