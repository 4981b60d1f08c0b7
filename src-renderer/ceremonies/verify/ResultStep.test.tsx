import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { VerifySnapshot } from '../../../shared/ceremony/verify-snapshot';
import { createStores, StoresProvider } from '../../stores/context';
import { createCeremonyStore } from '../../stores/ceremony-store';
import { simulatedDevice } from '../../testing/devices';
import { UNREACHABLE_API } from '../init/testing/snapshots';
import { cancelWarning, forwardAction } from './frame-actions';
import { VerifyIntents } from './intents';
import { VerifyProvider } from './verify-context';
import { VerifyFrame } from './VerifyWizard';

const CONFIGURED = { kind: 'configured' } as const;

function snapshot(
  view: VerifySnapshot['view'],
  extra: Partial<VerifySnapshot> = {},
): VerifySnapshot {
  const steps = ['source', 'devices', 'result'] as const;
  const index = steps.indexOf(view.step);
  return {
    ceremonyId: '0f0e0d0c-0b0a-4908-8706-050403020100',
    rehearsal: true,
    steps: { current: view.step, done: steps.slice(0, index), skipped: [] },
    folder: '/ceremonies/root-ca-2025',
    ceremonyName: 'Root CA 2025',
    view,
    ...extra,
  };
}

const BOTH = [
  simulatedDevice('primary', 7550001, CONFIGURED),
  simulatedDevice('secondary', 7550002, CONFIGURED),
];

function render(value: VerifySnapshot, devices = BOTH): string {
  const store = createCeremonyStore(value);
  return renderToStaticMarkup(
    <StoresProvider stores={createStores(devices)}>
      <VerifyProvider store={store} intents={new VerifyIntents(store, UNREACHABLE_API)}>
        <VerifyFrame onLeave={() => undefined} />
      </VerifyProvider>
    </StoresProvider>,
  );
}

const RESULT: Extract<VerifySnapshot['view'], { step: 'result' }> = {
  step: 'result',
  against: 'record',
  allMatch: false,
  objects: [
    { objectId: 2, type: 'wrap-key', label: 'Wrap key', status: 'match', differences: [] },
    {
      objectId: 3,
      type: 'authentication-key',
      label: 'Application auth key',
      status: 'mismatch',
      differences: [
        { field: 'capabilities', expected: '0000000000000004', actual: '00000000000000ff' },
      ],
    },
    {
      objectId: 0x100,
      type: 'asymmetric-key',
      label: 'Signing key',
      status: 'missing',
      differences: [],
    },
  ],
  signatures: [
    {
      objectId: 0x101,
      algorithm: 'ed25519',
      status: 'verified',
      detail:
        'Ed25519 signature over a 32-byte random challenge, checked with the primary’s public key.',
    },
  ],
  report: 'verification-20260601-101000-7550002.html',
  transcriptHead: 'cd'.repeat(32),
  summary:
    'The clone does not match: authentication-key 0x0003 differs in capabilities; asymmetric-key 0x0100 is missing on the clone. Report: verification-20260601-101000-7550002.html.',
};

describe('the verification screens', () => {
  it('shows a mismatch table that names each difference with both sides, problems first', () => {
    const markup = render(snapshot(RESULT));
    expect(markup).toContain('data-testid="verify-result" data-all-match="false"');
    expect(markup).toContain('The clone does not match');
    const rows = [...markup.matchAll(/data-testid="verify-object" data-status="([a-z-]+)"/g)].map(
      (match) => match[1],
    );
    expect(rows).toEqual(['mismatch', 'missing', 'match']);
    expect(markup).toContain(
      'data-field="capabilities">✗ primary: <span class="mono">0000000000000004</span>; clone: <span class="mono">00000000000000ff</span>',
    );
    expect(markup).toContain('Missing on the clone');
  });

  it('shows what a matching row holds, not only that it is the same: algorithm, domains and capabilities by name', () => {
    const WRAP_DELEGATED = [
      'generate-asymmetric-key',
      'sign-pkcs',
      'sign-pss',
      'sign-ecdsa',
      'sign-eddsa',
      'derive-ecdh',
      'exportable-under-wrap',
      'get-option',
      'get-log-entries',
    ];
    const matching = {
      ...RESULT,
      objects: [
        {
          objectId: 2,
          type: 'wrap-key',
          label: 'Wrap key',
          status: 'match' as const,
          differences: [],
          expected: [
            { field: 'algorithm', value: 'aes256-ccm-wrap' },
            { field: 'label', value: 'Wrap key' },
            { field: 'domains', value: '1' },
            {
              field: 'capabilities',
              value: '0x0000000000003000',
              names: ['export-wrapped', 'import-wrapped'],
            },
            { field: 'delegated capabilities', value: '0x00000000010539f0', names: WRAP_DELEGATED },
          ],
        },
        {
          ...RESULT.objects[1]!,
          expected: [
            { field: 'algorithm', value: 'aes128-yubico-authentication' },
            {
              field: 'capabilities',
              value: '0x0000000000000004',
              names: ['put-authentication-key'],
            },
          ],
        },
      ],
    };
    const markup = render(snapshot(matching));
    expect(markup).toContain(
      'data-field="algorithm">✓<span class="visually-hidden"> same:</span> aes256-ccm-wrap</td>',
    );
    expect(markup).toContain(
      'data-field="domains">✓<span class="visually-hidden"> same:</span> 1</td>',
    );
    expect(markup).toContain(
      'data-field="capabilities">✓<span class="visually-hidden"> same:</span> export-wrapped, import-wrapped',
    );
    expect(markup).toContain(
      `<summary>9 capabilities</summary>${WRAP_DELEGATED.join(', ')} (<span class="mono">0x00000000010539f0</span>)`,
    );
    // The differing field of the other row still shows both sides; its matching algorithm shows its value.
    expect(markup).toContain(
      'data-field="capabilities">✗ primary: <span class="mono">0000000000000004</span>; clone: <span class="mono">00000000000000ff</span>',
    );
    expect(markup).toContain('aes128-yubico-authentication');
  });

  it('says a clone whose objects all match is not fully verified while a signing key could not be checked', () => {
    const unchecked = {
      ...RESULT,
      objects: [RESULT.objects[0]!],
      signatures: [
        RESULT.signatures[0]!,
        {
          objectId: 0x102,
          algorithm: 'ecp256',
          status: 'not-checked' as const,
          detail:
            "The primary's public key for this object was not recorded, so a signature cannot be checked against it.",
        },
      ],
      summary:
        "The clone is not fully verified: every object matches, but signing key 0x0102 was not checked: the primary's public key for this object was not recorded. Report: verification-20260601-101000-7550002.html.",
    };
    const markup = render(snapshot(unchecked));
    expect(markup).toContain('The clone is not fully verified');
    expect(markup).not.toContain('The clone matches');
    expect(markup).toContain('data-verdict="not-fully-verified"');
    expect(markup).toContain(
      'data-testid="verify-signature" data-status="not-checked" data-object-id="258"',
    );
  });

  it('shows each signing key’s proof and where the witness’s printable report is', () => {
    const markup = render(snapshot(RESULT));
    expect(markup).toContain(
      'data-testid="verify-signature" data-status="verified" data-object-id="257"',
    );
    expect(markup).toContain('data-file="verification-20260601-101000-7550002.html"');
    expect(markup).toContain('/ceremonies/root-ca-2025');
    expect(markup).toContain('print it');
  });

  it('asks for the clone, says what it is compared with, and waits for the password before verifying', () => {
    const devices = snapshot(
      { step: 'devices', suggestedAuthKeyId: 3, needsPrimary: false, passwordGiven: false },
      { secondary: { deviceId: 'sim:secondary', serial: 7550002, simulated: true } },
    );
    const markup = render(devices);
    expect(markup).toContain('data-testid="verify-secondary-chosen"');
    expect(markup).toContain('data-testid="verify-against-record"');
    // The live primary is offered as an alternative; the clone itself is not.
    expect(markup).toContain('data-testid="verify-choose-primary" data-device-id="sim:primary"');
    expect(markup).not.toContain(
      'data-testid="verify-choose-primary" data-device-id="sim:secondary"',
    );
    expect(forwardAction(devices)).toEqual({
      intent: 'run',
      label: 'Verify the clone',
      blocked: 'Give the application key’s password first.',
    });
    expect(markup).toContain('Give the application key’s password first.');
  });

  it('with the clone missing, says so in its section and keeps what to compare with and the password form', () => {
    const devices = snapshot(
      { step: 'devices', suggestedAuthKeyId: 3, needsPrimary: false, passwordGiven: false },
      { secondary: { deviceId: 'sim:secondary', serial: 7550002, simulated: true } },
    );
    const markup = render(devices, [BOTH[0]!]);
    expect(markup).toMatch(
      /id="verify-clone-heading">The clone<\/h2><div class="device-gate" data-testid="device-gate" data-prompt="wrong-device"/,
    );
    expect(markup).not.toContain('data-testid="verify-secondary-chosen"');
    expect(markup).toContain('data-testid="verify-against-record"');
    expect(markup).toContain('data-testid="verify-auth');
  });

  it('needs the live primary when the folder has no record', () => {
    const noRecord = snapshot(
      { step: 'devices', needsPrimary: true, passwordGiven: true },
      { secondary: { deviceId: 'sim:secondary', serial: 7550002, simulated: true } },
    );
    expect(render(noRecord)).toContain('data-testid="verify-needs-primary"');
    expect(forwardAction(noRecord)?.blocked).toMatch(/choose the live primary/);
    expect(
      forwardAction({
        ...noRecord,
        primary: { deviceId: 'sim:primary', serial: 7550001, simulated: true },
      })?.blocked,
    ).toBeNull();
    expect(cancelWarning(noRecord)).toMatch(/only reads the devices/);
    expect(cancelWarning(snapshot(RESULT))).toBeNull();
  });
});
