import { describe, expect, it } from 'vitest';
import type { VirtualCard } from '../simulator/virtual-card';
import { CardTransportError, SimulatorCardTransport } from './simulator-transport';

/** A card that echoes the INS byte and counts its power cycles. */
function countingCard() {
  const card = {
    resets: 0,
    atr: Uint8Array.of(0x3b),
    transmit: (apdu: Uint8Array) => Uint8Array.of(apdu[1]!, 0x90, 0x00),
    reset() {
      card.resets += 1;
    },
  } satisfies VirtualCard & { resets: number };
  return card;
}

describe('SimulatorCardTransport', () => {
  it('passes APDUs to the card and back', async () => {
    const transport = new SimulatorCardTransport(
      countingCard(),
      'simulated SmartCard-HSM (primary)',
    );
    expect(await transport.transmit(Uint8Array.of(0x00, 0x84, 0, 0, 8))).toEqual(
      Uint8Array.of(0x84, 0x90, 0x00),
    );
    expect(transport.description).toBe('simulated SmartCard-HSM (primary)');
  });

  it('a removed card fails with a sentence; put back, it has been power-cycled', async () => {
    const card = countingCard();
    const transport = new SimulatorCardTransport(card, 'simulated SmartCard-HSM (secondary)');
    transport.remove();
    expect(transport.cardPresent).toBe(false);
    await expect(transport.transmit(Uint8Array.of(0, 0x84, 0, 0, 8))).rejects.toThrow(
      new CardTransportError(
        'the card was removed: the simulated SmartCard-HSM (secondary) is not in the reader; insert the card and try the step again',
      ),
    );
    transport.insert();
    transport.insert();
    expect(card.resets).toBe(1);
    expect(await transport.transmit(Uint8Array.of(0, 0x20, 0, 0x81))).toHaveLength(3);
  });

  it('a closed transport says so', async () => {
    const transport = new SimulatorCardTransport(countingCard());
    await transport.close();
    await expect(transport.transmit(Uint8Array.of(0, 0x84, 0, 0, 8))).rejects.toThrow(
      'the connection to the simulated SmartCard-HSM is closed; connect to the card again',
    );
  });
});
