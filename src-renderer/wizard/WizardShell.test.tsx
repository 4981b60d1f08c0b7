import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { INIT_STEPS } from '../../shared/ceremony/init-steps';
import type { WizardState } from '../../shared/ceremony/wizard';
import type { InitStepId } from '../../shared/ceremony/init-steps';
import { WizardShell } from './WizardShell';

function renderShell(
  state: WizardState<InitStepId>,
  options: { blockedReason?: string | null; onFinish?: () => void } = {},
): string {
  return renderToStaticMarkup(
    <WizardShell
      ceremony="Initialize primary (YubiHSM 2)"
      table={INIT_STEPS}
      state={state}
      onMove={() => undefined}
      blockedReason={options.blockedReason ?? null}
      onFinish={options.onFinish}
      cancelWarning="Nothing has been written yet."
      onCancelled={() => undefined}
    >
      <p>step body</p>
    </WizardShell>,
  );
}

/** The opening tag of the element with this test id. */
function tag(markup: string, id: string): string {
  const match = new RegExp(`<[a-z]+[^>]*data-testid="${id}"[^>]*>`).exec(markup);
  if (!match) throw new Error(`No element with data-testid="${id}"`);
  return match[0];
}

function statuses(markup: string): [string, string][] {
  return [...markup.matchAll(/data-step-id="([^"]+)" data-status="([^"]+)"/g)].map((match) => [
    match[1]!,
    match[2]!,
  ]);
}

describe('the wizard shell', () => {
  it('lists every step with done / current / upcoming in words, and titles the current step', () => {
    const markup = renderShell({ current: 'review', done: ['preflight', 'plan'], skipped: [] });
    expect(statuses(markup)).toEqual([
      ['preflight', 'done'],
      ['plan', 'done'],
      ['review', 'current'],
      ['shares', 'upcoming'],
      ['verification', 'upcoming'],
      ['device-steps', 'upcoming'],
      ['record', 'upcoming'],
    ]);
    expect(markup).toContain('aria-current="step"');
    expect(markup).toMatch(/data-testid="wizard-step-title"[^>]*>Review</);
    expect(markup).toContain('Step 3 of 7');
    expect(markup).toContain('<p>step body</p>');
  });

  it('disables Back on the first step and Next with the step’s reason while it is blocked', () => {
    const markup = renderShell(
      { current: 'preflight', done: [], skipped: [] },
      { blockedReason: 'Choose the primary YubiHSM 2 first.' },
    );
    expect(tag(markup, 'wizard-back')).toContain('disabled');
    expect(tag(markup, 'wizard-next')).toContain('disabled');
    expect(markup).toContain('Choose the primary YubiHSM 2 first.');
    expect(tag(markup, 'wizard-cancel')).not.toContain('disabled');
  });

  it('closes Back after shares are dealt and says why', () => {
    const markup = renderShell({
      current: 'verification',
      done: ['preflight', 'plan', 'review', 'shares'],
      skipped: [],
    });
    expect(tag(markup, 'wizard-back')).toContain('disabled');
    expect(tag(markup, 'wizard-next')).not.toContain('disabled');
    expect(markup).toContain('Back is closed: “Shares” is done and cannot be undone.');
  });

  it('numbers only the steps the plan includes and marks a left-out step in words', () => {
    const markup = renderShell({
      current: 'device-steps',
      done: ['preflight', 'plan', 'review', 'shares'],
      skipped: ['verification'],
    });
    expect(statuses(markup)).toContainEqual(['verification', 'skipped']);
    expect(markup).toContain('Left out');
    expect(markup).toContain('Step 5 of 6');
  });

  it('offers Finish on the last step, disabled until the ceremony can finish', () => {
    const atRecord: WizardState<InitStepId> = {
      current: 'record',
      done: ['preflight', 'plan', 'review', 'shares', 'verification', 'device-steps'],
      skipped: [],
    };
    const unfinished = renderShell(atRecord);
    expect(unfinished).toMatch(/data-testid="wizard-next"[^>]*>Finish</);
    expect(tag(unfinished, 'wizard-next')).toContain('disabled');
    expect(unfinished).toContain('This ceremony cannot be finished yet.');
    expect(tag(renderShell(atRecord, { onFinish: () => undefined }), 'wizard-next')).not.toContain(
      'disabled',
    );
  });

  it('keeps the cancel confirmation closed until asked, with the safe choice first', () => {
    const markup = renderShell({ current: 'plan', done: ['preflight'], skipped: [] });
    expect(tag(markup, 'wizard-cancel-dialog')).not.toContain(' open');
    expect(markup.indexOf('wizard-cancel-dismiss')).toBeLessThan(
      markup.indexOf('wizard-cancel-confirm'),
    );
    expect(markup).toContain('Nothing has been written yet.');
  });
});
