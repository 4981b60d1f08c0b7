import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CEREMONIES } from '../../shared/ceremony/catalog';
import { CeremonyButton } from './CeremonyList';

function button(id: string): string {
  const entry = CEREMONIES.find((candidate) => candidate.id === id);
  if (!entry) throw new Error(`No ceremony ${id}`);
  return renderToStaticMarkup(<CeremonyButton entry={entry} onStart={() => undefined} />);
}

describe('the ceremony buttons', () => {
  it('lets Initialize primary start', () => {
    const markup = button('init');
    expect(markup).toContain('data-testid="ceremony-start-init"');
    expect(markup).not.toContain('disabled');
    expect(markup).not.toContain('Coming');
  });

  it('shows ceremonies not built yet as disabled and marked "Coming" in words', () => {
    for (const id of ['print', 'dump', 'restore', 'verify', 'share-audit', 'reshare', 'dkek']) {
      const markup = button(id);
      expect(markup).toContain(`data-testid="ceremony-start-${id}"`);
      expect(markup).toContain('disabled=""');
      expect(markup).toContain('>Coming</span>');
    }
  });
});
