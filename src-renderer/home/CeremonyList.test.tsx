import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { CeremonyId } from '../../shared/ceremony/catalog';
import { CEREMONIES } from '../../shared/ceremony/catalog';
import { createStores, StoresProvider } from '../stores/context';
import { CeremonyButton, CeremonyList } from './CeremonyList';

function button(id: CeremonyId): string {
  const entry = CEREMONIES.find((candidate) => candidate.id === id);
  if (!entry) throw new Error(`No ceremony ${id}`);
  return renderToStaticMarkup(<CeremonyButton entry={entry} onStart={() => undefined} />);
}

function list(): string {
  return renderToStaticMarkup(
    <StoresProvider stores={createStores([])}>
      <CeremonyList />
    </StoresProvider>,
  );
}

describe('the ceremony list', () => {
  it('lets Initialize primary, Back up, Restore secondary, Verify clone, the share audit, the reshare and the DKEK initialisation, back-up, clone, sequential import and verification start', () => {
    for (const id of [
      'init',
      'dump',
      'restore',
      'verify',
      'share-audit',
      'reshare',
      'dkek-init',
      'dkek-backup',
      'dkek-restore',
      'dkek-import',
      'dkek-verify',
    ] as const) {
      const markup = button(id);
      expect(markup).toContain(`data-testid="ceremony-start-${id}"`);
      expect(markup).not.toContain('disabled');
      expect(markup).not.toContain('Coming');
    }
  });

  it('shows ceremonies not built yet as disabled and marked "Coming" in words', () => {
    // Every ceremony has its screens now; one that had not would be shown like this.
    for (const entry of CEREMONIES.filter((c) => !c.happensIn)) {
      const id = entry.id;
      const markup = renderToStaticMarkup(
        <CeremonyButton entry={{ ...entry, available: false }} onStart={() => undefined} />,
      );
      expect(markup).toContain(`data-testid="ceremony-start-${id}"`);
      expect(markup).toContain('disabled=""');
      expect(markup).toContain('>Coming</span>');
    }
  });

  it('lists share sheets as part of the initialization, not as a ceremony to start or one still coming', () => {
    const markup = list();
    expect(markup).not.toContain('data-testid="ceremony-start-print"');
    const note = markup.slice(markup.indexOf('data-testid="ceremony-info-print"'));
    expect(note).toContain('Print share sheets');
    expect(note).toContain('Printed on each custodian’s turn in Initialize primary');
    // Written for the people in the room: no developer command.
    expect(note).toContain('rehearse an initialization on the simulated primary');
    expect(note).not.toMatch(/npm|cli/);
    expect(note.slice(0, note.indexOf('</article>'))).not.toMatch(/Coming|<button/);
  });

  it('lists every ceremony once, in the catalog’s order', () => {
    const markup = list();
    const order = [...markup.matchAll(/data-testid="ceremony-(?:start|info)-([a-z-]+)"/g)].map(
      (match) => match[1],
    );
    expect(order).toEqual(CEREMONIES.map((entry) => entry.id));
  });
});
