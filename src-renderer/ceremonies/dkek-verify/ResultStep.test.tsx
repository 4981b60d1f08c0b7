import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DkekVerifySnapshot } from '../../../shared/ceremony/dkek-clone-snapshot';
import { createCeremonyStore } from '../../stores/ceremony-store';
import { createStores, StoresProvider } from '../../stores/context';
import { UNREACHABLE_API } from '../init/testing/snapshots';
import { DkekVerifyProvider } from './dkek-verify-context';
import { DkekVerifyFrame } from './DkekVerifyWizard';
import { DkekVerifyIntents } from './intents';

const check = (what: string, ok = true) => ({ what, ok, detail: ok ? 'as recorded' : 'differs' });

const verified: DkekVerifySnapshot = {
  ceremonyId: 'v1',
  rehearsal: true,
  steps: { current: 'result', done: ['folder', 'device'], skipped: [] },
  folder: '/ceremonies/domain-2026',
  device: {
    deviceId: 'sim-schsm:secondary',
    serial: 'DESIM0000002',
    version: 'SmartCard-HSM version 3.5',
    simulated: true,
  },
  kcv: '911F4F7256156CDE',
  finished: true,
  result: {
    verdict: 'verified',
    kcv: { expected: '911F4F7256156CDE', found: '911F4F7256156CDE', ok: true },
    keys: [
      {
        keyReference: 1,
        label: 'issuing-ca-2026',
        checks: ['present', 'type', 'label', 'public key', 'signature'].map((w) => check(w)),
        proof: 'proven',
      },
    ],
    extra: [],
    report: 'verification-DESIM0000002-2026-12-06T10-00-00-000Z.html',
  },
};

function render(shown: DkekVerifySnapshot): string {
  const store = createCeremonyStore(shown);
  return renderToStaticMarkup(
    <StoresProvider stores={createStores([])}>
      <DkekVerifyProvider store={store} intents={new DkekVerifyIntents(store, UNREACHABLE_API)}>
        <DkekVerifyFrame onLeave={() => undefined} />
      </DkekVerifyProvider>
    </StoresProvider>,
  );
}

describe('the DKEK verification result', () => {
  it('shows the verdict, the KCV expected and found, each check, the proof and the report', () => {
    const markup = render(verified);
    expect(markup).toContain('data-verdict="verified"');
    expect(markup).toMatch(/data-testid="dkek-verify-kcv" data-ok="true"/);
    expect(markup.match(/data-testid="dkek-verify-check"/g)).toHaveLength(5);
    expect(markup).toContain('data-proof="proven"');
    expect(markup).toContain('data-file="verification-DESIM0000002-2026-12-06T10-00-00-000Z.html"');
    expect(markup).toContain('data-testid="dkek-verify-open-report"');
    expect(markup).toContain('data-action="done"');
  });

  it('says where a clone differs: the KCV, a failed check and proof, keys the record does not have', () => {
    const differs: DkekVerifySnapshot = {
      ...verified,
      result: {
        ...verified.result!,
        verdict: 'differs',
        kcv: { expected: '911F4F7256156CDE', found: '0000000000000000', ok: false },
        keys: [
          {
            keyReference: 1,
            checks: [check('present'), check('public key', false)],
            proof: 'failed',
          },
        ],
        extra: [7],
      },
    };
    const markup = render(differs);
    expect(markup).toContain('data-verdict="differs"');
    expect(markup).toMatch(/data-testid="dkek-verify-kcv" data-ok="false"/);
    expect(markup).toContain('data-what="public key" data-ok="false"');
    expect(markup).toContain('data-proof="failed"');
    expect(markup).toContain('The clone also holds keys the record does not: 7.');
  });
});
