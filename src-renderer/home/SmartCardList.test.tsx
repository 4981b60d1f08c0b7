import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { SmartCardList as List } from '../../shared/ipc/smartcards';
import { createStores, StoresProvider } from '../stores/context';
import { SmartCardList } from './SmartCardList';

const simulatedPair: List['cards'] = [
  {
    id: 'sim-schsm:primary',
    name: 'Simulated SmartCard-HSM primary',
    transport: 'simulator',
    simulated: true,
    status: {
      kind: 'ready',
      version: 'SmartCard-HSM version 3.5',
      dkek: { state: 'complete', total: 2, kcv: '911F4F7256156CDE' },
    },
  },
  {
    id: 'sim-schsm:secondary',
    name: 'Simulated SmartCard-HSM secondary',
    transport: 'simulator',
    simulated: true,
    status: {
      kind: 'ready',
      version: 'SmartCard-HSM version 3.5',
      dkek: { state: 'pending', total: 2, outstanding: 1 },
    },
  },
];

function render(list: List): string {
  return renderToStaticMarkup(
    <StoresProvider stores={createStores([], list)}>
      <SmartCardList />
    </StoresProvider>,
  );
}

const text = (markup: string) => markup.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the SmartCard-HSM list on the home screen', () => {
  it('says PC/SC is unavailable and how to get it, and still lists the simulated pair', () => {
    const markup = render({
      pcsc: {
        available: false,
        reason:
          'The PC/SC service (pcscd) is not running; start pcscd (sudo systemctl start pcscd) and try again',
      },
      cards: simulatedPair,
    });
    expect(markup).toContain('data-testid="pcsc-unavailable"');
    expect(text(markup)).toContain(
      'Smart card readers are not available: The PC/SC service (pcscd) is not running; start pcscd',
    );
    expect(markup.match(/data-testid="smartcard-card"/g)).toHaveLength(2);
    // The DKEK initialisation starts right here, next to the devices it works on.
    expect(markup).toContain('data-testid="smartcard-dkek-init"');
    // So do the back-up and the verification (each once the catalog has its screens).
    expect(markup).toContain('data-testid="smartcard-dkek-backup"');
    expect(markup).toContain('data-testid="smartcard-dkek-verify"');
    expect(text(markup)).toContain('DKEK ready');
    expect(text(markup)).toContain('911F4F7256156CDE');
    // A DKEK still being built shows no check value (spec §7.1).
    expect(text(markup)).toContain('1 of 2 DKEK share(s) still to import');
    expect(markup.match(/data-testid="smartcard-kcv"/g)).toHaveLength(1);
  });

  it('lists a reader with its card, and asks for a reader when PC/SC works but none is there', () => {
    const withReader = render({
      pcsc: { available: true },
      cards: [
        {
          id: 'pcsc:Nitrokey HSM 00 00',
          name: 'Nitrokey HSM 00 00',
          transport: 'pcsc',
          simulated: false,
          status: { kind: 'no-card' },
        },
        ...simulatedPair,
      ],
    });
    expect(text(withReader)).toContain('Nitrokey HSM 00 00');
    expect(text(withReader)).toContain('Insert the card into this reader.');
    expect(text(withReader)).toContain('PC/SC reader');
    expect(withReader).not.toContain('pcsc-unavailable');
    expect(text(render({ pcsc: { available: true }, cards: simulatedPair }))).toContain(
      'No smart card reader is connected.',
    );
  });
});
