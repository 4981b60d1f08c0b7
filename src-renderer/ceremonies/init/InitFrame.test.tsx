import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { InitSnapshot } from '../../../shared/ceremony/init-snapshot';
import { createStores, StoresProvider } from '../../stores/context';
import { createInitStore } from '../../stores/init-store';
import { InitProvider } from './init-context';
import { InitFrame } from './InitFrame';
import { InitIntents } from './intents';
import { renderInit } from './testing/render';
import { snapshotAt, UNREACHABLE_API } from './testing/snapshots';

const frame = (snapshot: InitSnapshot, refusal: string | null = null) =>
  renderInit(snapshot, <InitFrame onLeave={() => undefined} />, refusal);

/** The opening tag of the element with this test id (and attribute, if given). */
function tag(markup: string, id: string, attribute = ''): string {
  const match = new RegExp(
    `<[a-z]+[^>]*data-testid="${id}"${attribute ? `[^>]*${attribute}` : ''}[^>]*>`,
  ).exec(markup);
  if (!match) throw new Error(`No element with data-testid="${id}" ${attribute}`);
  return match[0];
}

const objects = [
  {
    id: 1,
    type: 'authentication-key',
    algorithm: 'aes128-yubico-authentication',
    label: 'DEFAULT AUTHKEY CHANGE THIS ASAP',
    domains: [1],
    capabilities: ['get-opaque'],
  },
  {
    id: 0x10,
    type: 'opaque',
    algorithm: 'opaque-data',
    label: 'left over',
    domains: [1],
    capabilities: [],
  },
];

describe('preflight on screen', () => {
  it('warns about an online machine without blocking, and names its interfaces', () => {
    const markup = frame(
      snapshotAt({
        step: 'preflight',
        network: { airGapped: false, interfaces: [{ name: 'eth0', addresses: ['192.0.2.7'] }] },
      }),
    );
    expect(tag(markup, 'init-network')).toContain('data-air-gapped="false"');
    expect(markup).toContain(
      'This machine has active network interfaces:</strong> eth0 (192.0.2.7)',
    );
    expect(tag(markup, 'device-gate-choose')).toContain('data-device-id="sim:primary"');
    expect(tag(markup, 'wizard-next')).toContain('disabled');
  });

  it('lists what is on a device that is not fresh, and offers the reset only behind the exact words', () => {
    const check = {
      state: 'not-fresh' as const,
      deviceId: 'sim:primary',
      serial: 7550001,
      firmware: '2.4.0',
      simulated: true,
      objects,
    };
    const markup = frame(
      snapshotAt({
        step: 'preflight',
        network: { airGapped: true, interfaces: [] },
        primary: check,
      }),
    );
    expect(markup).toContain('This machine looks air-gapped');
    expect(markup).toContain('left over');
    expect(tag(markup, 'init-reset-words')).toBeTruthy();
    // The words are never sent; the screen says how to form them.
    expect(markup).not.toContain('RESET 7550001');
    expect(tag(markup, 'init-reset')).toContain('disabled');
    expect(tag(markup, 'wizard-next')).toContain('disabled');
  });
});

describe('the air-gap survey and the reset word on screen', () => {
  const warnings = [
    'Bluetooth adapters are present (hci0); switch Bluetooth off.',
    "Removable media are mounted (/media/usb); only the ceremony folder's media should be.",
  ];

  it("shows the survey's warnings on the first screen, as a warning that blocks nothing", () => {
    const markup = frame(
      snapshotAt(
        { step: 'preflight', network: { airGapped: true, interfaces: [] } },
        { airGapWarnings: warnings },
      ),
    );
    expect(tag(markup, 'air-gap-warnings')).toContain('role="note"');
    expect(markup).toContain('Bluetooth adapters are present (hci0); switch Bluetooth off.');
    expect(markup.match(/data-testid="air-gap-warning"/g)).toHaveLength(2);
  });

  it('shows nothing when the survey found nothing', () => {
    const clean = frame(
      snapshotAt(
        { step: 'preflight', network: { airGapped: true, interfaces: [] } },
        { airGapWarnings: [] },
      ),
    );
    expect(clean).not.toContain('air-gap-warnings');
  });

  it('says where the reset word is shown, and never the word', () => {
    const markup = frame(
      snapshotAt({
        step: 'preflight',
        network: { airGapped: true, interfaces: [] },
        primary: {
          state: 'not-fresh',
          deviceId: 'sim:primary',
          serial: 7550001,
          firmware: '2.4.0',
          simulated: true,
          objects,
          resetWordShownIn: 'the terminal where Custos was started',
        },
      }),
    );
    expect(markup).toContain('the word Custos shows in');
    expect(tag(markup, 'init-reset-word-where')).toBeTruthy();
    expect(markup).toContain('the terminal where Custos was started');
  });
});

describe('the plan on screen', () => {
  const plan = {
    ceremony: 'Root CA',
    custodians: ['Alice', 'Alice', 'Carol'],
    threshold: 4,
    domains: [1, 2],
    wrapKey: { id: 0 },
    applicationKey: { id: 0, label: 'Application auth key' },
    capabilityProfile: 'ksp' as const,
    shareConfirmation: 'spot-check' as const,
    shareFormat: 'yubihsm-setup' as const,
    shareHideSeconds: 60,
  };
  const errors = [
    {
      field: 'threshold',
      message: 'the threshold 4 is above the 3 custodians; it must be between 2 and 3',
    },
    {
      field: 'custodians.1',
      message:
        '"Alice" is listed twice; each custodian needs a distinct name so the record can say whose share is whose',
    },
    {
      field: 'passwords.application.confirmation',
      message: 'the two application key passwords differ; type them again',
    },
    { field: 'somethingNew', message: 'a rule no field shows yet' },
  ];
  const markup = frame(
    snapshotAt({
      step: 'plan',
      plan,
      errors,
      warnings: [],
      passwords: { application: false, audit: false },
    }),
  );

  it('shows each of main’s sentences at its own field', () => {
    expect(markup).toMatch(
      /data-field="threshold" data-kind="error">The threshold 4 is above the 3 custodians; it must be between 2 and 3\.</,
    );
    expect(markup).toMatch(
      /data-field="custodians.1" data-kind="error">&quot;Alice&quot; is listed twice/,
    );
    expect(markup).toMatch(
      /data-field="passwords.application.confirmation" data-kind="error">The two application key passwords differ/,
    );
    expect(tag(markup, 'plan-threshold')).toContain('aria-invalid="true"');
  });

  it('lists a problem no field claims at the top, so it is never lost', () => {
    expect(markup).toMatch(
      /data-testid="plan-problems"[^>]*><li[^>]*data-field="somethingNew">A rule no field shows yet\./,
    );
  });

  it('holds the review back while there are errors', () => {
    expect(tag(markup, 'wizard-next', 'data-action="to-review"')).toContain('disabled');
    expect(markup).toContain('4 things in the plan need fixing first');
  });

  it('never puts a password into the page: the password fields are empty and uncontrolled', () => {
    expect(tag(markup, 'plan-application-password')).not.toContain('value=');
    expect(tag(markup, 'plan-application-password')).toContain('type="password"');
    expect(tag(markup, 'plan-application-password-confirm')).not.toContain('value=');
  });

  it('offers keeping the factory key only on a simulated primary', () => {
    expect(markup).toContain('data-testid="plan-keep-factory-key"');
    const real = frame(
      snapshotAt(
        {
          step: 'plan',
          plan,
          errors: [],
          warnings: [],
          passwords: { application: true, audit: false },
        },
        { primary: { deviceId: 'usb:1', serial: 1, simulated: false }, rehearsal: false },
      ),
    );
    expect(real).not.toContain('plan-keep-factory-key');
    expect(real).toContain('The application key password is set.');
  });
});

describe('the device steps on screen', () => {
  const view = {
    step: 'device-steps' as const,
    tasks: [
      {
        id: 'put-wrap-key',
        title: 'Put the wrap key 0x0002 on the primary',
        status: 'done' as const,
      },
      {
        id: 'put-application-key',
        title: 'Create the application authentication key 0x0003 from its password',
        status: 'failed' as const,
        detail: 'The primary was unplugged.',
      },
    ],
    deviceState:
      'The primary now holds the wrap key 0x0002 and its factory authentication key 0x0001.',
    canRetry: true,
  };

  it('shows each task’s status in words, what is on the primary, and Retry', () => {
    const markup = frame(
      snapshotAt(view, {
        problem: {
          field: 'put-application-key',
          message: 'The primary stopped answering. Plug it back in, then retry.',
        },
      }),
    );
    expect(tag(markup, 'device-task', 'data-task-id="put-application-key"')).toContain(
      'data-status="failed"',
    );
    expect(markup).toContain('The primary was unplugged.');
    expect(markup).toContain(view.deviceState);
    expect(tag(markup, 'device-retry')).not.toContain('disabled');
    expect(markup).toMatch(/data-testid="ceremony-problem"[^>]*>The primary stopped answering/);
    expect(markup).not.toContain('data-testid="wizard-next"');
  });

  it('asks for the primary back when it is not plugged in, instead of showing the tasks', () => {
    const store = createInitStore(snapshotAt(view));
    const markup = renderToStaticMarkup(
      <StoresProvider stores={createStores([])}>
        <InitProvider store={store} intents={new InitIntents(store, UNREACHABLE_API)}>
          <InitFrame onLeave={() => undefined} />
        </InitProvider>
      </StoresProvider>,
    );
    expect(tag(markup, 'device-gate')).toContain('data-prompt="no-device"');
    expect(markup).toContain('Plug in the primary YubiHSM 2, serial 7550001.');
    expect(markup).not.toContain('data-testid="device-tasks"');
  });
});

describe('the end of a ceremony on screen', () => {
  it('sets the transcript head in groups for witnesses, with the check value, folder, files and inventory', () => {
    const head = 'a3f1c2d4e5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';
    const markup = frame(
      snapshotAt({
        step: 'record',
        folder: '/media/ceremony',
        kcv: '93E08C',
        transcriptHead: head,
        inventory: objects,
        files: ['ceremony.json', 'transcript.jsonl', '0x0003-authentication-key.yhw'],
      }),
    );
    expect(markup).toContain(
      'a3f1c2d4 e5b60718 293a4b5c 6d7e8f90 a1b2c3d4 e5f60718 293a4b5c 6d7e8f9',
    );
    expect(markup).toContain('93E08C');
    expect(markup).toContain('0x0003-authentication-key.yhw');
    expect(markup).toMatch(/data-testid="wizard-next"[^>]*>Done</);
    expect(markup).not.toContain('data-testid="wizard-cancel"');
  });

  it('says why a ceremony stopped and whether the device was written', () => {
    const stopped = {
      status: 'abandoned' as const,
      reason:
        'The ceremony was cancelled before anything was written to the device. The shares shown so far are worthless: destroy any copy.',
      deviceTouched: false,
    };
    const markup = frame(
      snapshotAt({ step: 'review', sections: [], warnings: [], folder: '/c' }, { stopped }),
    );
    expect(tag(markup, 'ceremony-stopped')).toContain('data-device-touched="false"');
    expect(markup).toContain('destroy any copy');
    expect(markup).toContain('Nothing was written to the primary.');
    expect(markup).not.toContain('data-testid="wizard-next"');
  });

  it('shows what main is busy with and main’s refusal of the last intent as sentences at the top', () => {
    const markup = frame(
      snapshotAt(
        { step: 'review', sections: [], warnings: [], folder: '/c' },
        { busy: 'Reading random bytes from the primary and making the shares' },
      ),
      'Custos is busy; wait until it has finished.',
    );
    expect(markup).toContain('Reading random bytes from the primary and making the shares…');
    expect(markup).toMatch(
      /data-testid="ceremony-refusal"[^>]*>Custos is busy; wait until it has finished\.</,
    );
    expect(tag(markup, 'wizard-next')).toContain('disabled');
  });
});
