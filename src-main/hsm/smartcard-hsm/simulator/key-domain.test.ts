import { describe, expect, it } from 'vitest';
import { combineShares, dkekCheckValue } from '../protocol/dkek-keys';
import { SimulatedSmartCardHsm } from './simulated-smartcard-hsm';
import { bytes, importShareApdu, initializeApdu, send, verifyApdu } from './test-support';

const SHARE_A = '78a2671e4cfa2e2d16f929d8360649fa49166d4e13685e485eddb502a9a265f4';
const SHARE_B = '11ba0cbffcc4a79db201b151ae3bb5f628081ea806bf433122f40f1805015211';

describe('MANAGE KEY DOMAIN: DKEK status and share import (spec §1, §3, §5.4)', () => {
  it('two shares: status counts down, the final KCV is the XOR of the shares (V7: 911F4F7256156CDE)', async () => {
    const card = await SimulatedSmartCardHsm.open();
    send(card, initializeApdu({ shares: 2 }));
    expect(send(card, '8052000000')).toEqual({ data: '020266687aadf862bd77', sw: '9000' });
    expect(send(card, importShareApdu(SHARE_A)).data.slice(0, 4)).toBe('0201');
    const last = send(card, importShareApdu(SHARE_B));
    expect(last.sw).toBe('9000');
    expect(last.data).toBe('0200911f4f7256156cde');
    expect(last.data.slice(4).toUpperCase()).toBe(
      dkekCheckValue(combineShares([bytes(SHARE_A), bytes(SHARE_B)])),
    );
  });

  it('the same share twice is accepted by the device and makes the zero DKEK', async () => {
    const card = await SimulatedSmartCardHsm.open();
    send(card, initializeApdu({ shares: 2 }));
    send(card, importShareApdu(SHARE_A));
    expect(send(card, importShareApdu(SHARE_A)).data).toBe('020066687aadf862bd77');
  });

  it('no more shares expected: 6986; a share of the wrong length: 6700', async () => {
    const card = await SimulatedSmartCardHsm.open();
    send(card, initializeApdu({ shares: 1 }));
    expect(send(card, `805200001f${SHARE_A.slice(2)}00`).sw).toBe('6700');
    expect(send(card, importShareApdu(SHARE_A)).sw).toBe('9000');
    expect(send(card, importShareApdu(SHARE_B)).sw).toBe('6986');
    expect(send(card, '8052000000').data.slice(0, 4)).toBe('0100');
  });

  it('tag 92 = 0: a random DKEK of the device, complete at once', async () => {
    const card = await SimulatedSmartCardHsm.open();
    send(card, initializeApdu({ shares: 0 }));
    const status = send(card, '8052000000');
    expect(status.data.slice(0, 4)).toBe('0100');
    expect(status.data.slice(4)).not.toBe('66687aadf862bd77');
    expect(send(card, importShareApdu(SHARE_A)).sw).toBe('6986');
  });

  it('no DKEK (tag 92 absent, or never initialised): a SmartCard-HSM answers 6D00', async () => {
    const card = await SimulatedSmartCardHsm.open();
    expect(send(card, '8052000000').sw).toBe('6d00');
    send(card, initializeApdu({}));
    expect(send(card, '8052000000').sw).toBe('6d00');
    expect(send(card, importShareApdu(SHARE_A)).sw).toBe('6d00');
    expect(send(card, '8052010000').sw).toBe('6a86');
  });

  it('Pico HSM: 6A86 before initialisation, 0 shares without a DKEK', async () => {
    const card = await SimulatedSmartCardHsm.open({ flavour: 'pico-hsm' });
    expect(send(card, '8052000000').sw).toBe('6a86');
    send(card, initializeApdu({}));
    expect(send(card, '8052000000')).toEqual({ data: '00'.repeat(10), sw: '9000' });
    expect(send(card, importShareApdu(SHARE_A)).sw).toBe('6986');
  });

  it('Pico HSM: the KCV reads zero unless the user PIN was verified in this session', async () => {
    const card = await SimulatedSmartCardHsm.open({ flavour: 'pico-hsm' });
    send(card, initializeApdu({ shares: 2 }));
    send(card, importShareApdu(SHARE_A));
    expect(send(card, importShareApdu(SHARE_B)).data).toBe('0200' + '00'.repeat(8));
    expect(send(card, verifyApdu()).sw).toBe('9000');
    expect(send(card, '8052000000').data).toBe('0200911f4f7256156cde');
    card.reset();
    expect(send(card, '8052000000').data).toBe('0200' + '00'.repeat(8));
  });
});
