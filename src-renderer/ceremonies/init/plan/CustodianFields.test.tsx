import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CustodianFields } from './CustodianFields';
import type { PlanEditor } from './editor';

function editorWith(draft: Record<string, unknown>): PlanEditor {
  return { draft, edit: () => undefined, errors: [], warnings: [], rehearsal: true };
}

function addButton(markup: string): string {
  return /<button[^>]*data-testid="plan-custodian-add"[^>]*>/.exec(markup)![0];
}

const names = (count: number) => Array.from({ length: count }, (_, i) => `Custodian ${i + 1}`);

describe('custodian list', () => {
  it('stops adding at 9 custodians in the yubihsm-setup format and says why', () => {
    const markup = renderToStaticMarkup(
      <CustodianFields editor={editorWith({ custodians: names(9), threshold: 2 })} />,
    );
    expect(addButton(markup)).toContain('disabled');
    expect(markup).toContain('numbered 1 to 9');
    expect(markup).toContain('yubihsm-manager share format for more');
  });

  it('lets the list grow past 9 with the yubihsm-manager format', () => {
    const markup = renderToStaticMarkup(
      <CustodianFields
        editor={editorWith({ custodians: names(9), threshold: 2, shareFormat: 'yubihsm-manager' })}
      />,
    );
    expect(addButton(markup)).not.toContain('disabled');
    expect(markup).not.toContain('data-testid="plan-custodian-limit"');
  });
});
