import { describe, expect, it } from 'vitest';
import { SimulatedSmartCardHsm } from './simulated-smartcard-hsm';
import { initializeApdu, SELECT_APPLET, send, verifyApdu } from './test-support';

const open = (flavour?: 'pico-hsm') => SimulatedSmartCardHsm.open(flavour ? { flavour } : {});

describe('SELECT, GET CHALLENGE and the APDU layer', () => {
  it('answers the SmartCard-HSM AID with an FCP whose tag 85 ends with the version', async () => {
    const card = await open();
    expect(Buffer.from(card.atr).toString('hex')).toBe(
      '3bfe1800008131fe458031815448534d31738021408107fa',
    );
    expect(send(card, SELECT_APPLET)).toEqual({
      data: '620e82013883023f0085050001ff0305',
      sw: '9000',
    });
    expect(send(card, '00a4040c0be82b0601040181c31f0201')).toEqual({ data: '', sw: '9000' });
    const pico = await open('pico-hsm');
    expect(send(pico, SELECT_APPLET).data.endsWith('0606')).toBe(true);
  });

  it('answers 6A82 to the other applications sc-hsm-tool selects first', async () => {
    const card = await open();
    expect(send(card, '00a4040007a0000000030000').sw).toBe('6a82');
    expect(send(card, '00a404000bd276000124010304000000').sw).toBe('6a82');
  });

  it('GET CHALLENGE returns Le random bytes; unknown INS, wrong CLA, malformed APDUs', async () => {
    const card = await open();
    const first = send(card, '0084000008');
    const second = send(card, '0084000008');
    expect(first.sw).toBe('9000');
    expect(first.data).toHaveLength(16);
    expect(first.data).not.toBe(second.data);
    expect(send(card, '0084000020').data).toHaveLength(64);
    expect(send(card, '0084010008').sw).toBe('6b00');
    expect(send(card, '00ca010000').sw).toBe('6d00');
    expect(send(card, '8084000008').sw).toBe('6e00');
    expect(send(card, '00a40400').sw).toBe('6a82');
    expect(send(card, '00a4040005e82b').sw).toBe('6700');
    expect(send(card, '00a4').sw).toBe('6700');
    expect(send(card, '00a4010002cc01').sw).toBe('6a86');
  });
});

describe('VERIFY: user PIN and SO-PIN with retry counters', () => {
  it('a device never initialised has no user PIN (6A88)', async () => {
    const card = await open();
    expect(send(card, '0020008100').sw).toBe('6a88');
    expect(send(card, verifyApdu()).sw).toBe('6a88');
  });

  it('63Cx counts down, the right PIN resets the count, blocking answers 6983', async () => {
    const card = await open();
    expect(send(card, initializeApdu({ retries: 3 })).sw).toBe('9000');
    expect(send(card, '00200081').sw).toBe('63c3');
    expect(send(card, verifyApdu('654321')).sw).toBe('63c2');
    expect(send(card, verifyApdu()).sw).toBe('9000');
    expect(send(card, '00200081').sw).toBe('9000');
    expect(send(card, verifyApdu('000000')).sw).toBe('63c2');
    expect(send(card, '00200081').sw).toBe('63c2');
    expect(send(card, verifyApdu('000000')).sw).toBe('63c1');
    expect(send(card, verifyApdu('000000')).sw).toBe('63c0');
    expect(send(card, verifyApdu()).sw).toBe('6983');
    expect(send(card, '00200081').sw).toBe('6983');
    // Only re-initialising with the SO-PIN brings the device back.
    expect(send(card, initializeApdu({})).sw).toBe('9000');
    expect(send(card, verifyApdu()).sw).toBe('9000');
  });

  it('a power cycle and a new SELECT both drop the verified PIN', async () => {
    const card = await open();
    send(card, initializeApdu({}));
    expect(send(card, verifyApdu()).sw).toBe('9000');
    card.reset();
    expect(send(card, '00200081').sw).toBe('63c3');
    expect(send(card, verifyApdu()).sw).toBe('9000');
    send(card, SELECT_APPLET);
    expect(send(card, '00200081').sw).toBe('63c3');
  });

  it('the SO-PIN (88) has its own counter of 15', async () => {
    const card = await open();
    expect(send(card, '00200088083537363231383830').sw).toBe('6a88');
    send(card, initializeApdu({ soPin: '0102030405060708' }));
    expect(send(card, '00200088080102030405060708').sw).toBe('9000');
    expect(send(card, '00200088080102030405060709').sw).toBe('63ce');
    expect(send(card, '002000880401020304').sw).toBe('63cd');
    expect(send(card, '00200088').sw).toBe('63cd');
    expect(send(card, '00200082').sw).toBe('6a86');
  });
});

describe('INITIALIZE DEVICE (spec §5.2)', () => {
  it('refuses malformed TLVs, a short PIN, a bad SO-PIN length or retry counter (6A80)', async () => {
    const card = await open();
    expect(send(card, '80500000058102ff').sw).toBe('6700');
    expect(send(card, '805000000281ff').sw).toBe('6a80');
    expect(send(card, initializeApdu({ pin: '12345' })).sw).toBe('6a80');
    expect(send(card, initializeApdu({ soPin: '0102' })).sw).toBe('6a80');
    expect(send(card, initializeApdu({ retries: 11 })).sw).toBe('6a80');
    expect(send(card, initializeApdu({}).replace(/^80500000/, '80500100')).sw).toBe('6b00');
  });

  it('re-initialising needs the SO-PIN: a wrong one counts down and changes nothing', async () => {
    const card = await open();
    expect(send(card, initializeApdu({ shares: 1, soPin: '1111111111111111' })).sw).toBe('9000');
    expect(send(card, initializeApdu({ soPin: '2222222222222222' })).sw).toBe('63ce');
    expect(send(card, '8052000000').sw).toBe('9000');
    expect(send(card, '8052000000').data.slice(0, 4)).toBe('0101');
    expect(send(card, initializeApdu({ soPin: '1111111111111111' })).sw).toBe('9000');
    expect(send(card, '8052000000').sw).toBe('6d00');
  });

  it('a Pico HSM does not check the previous SO-PIN (spec §7.1)', async () => {
    const card = await open('pico-hsm');
    send(card, initializeApdu({ soPin: '1111111111111111' }));
    expect(send(card, initializeApdu({ soPin: '2222222222222222' })).sw).toBe('9000');
  });
});

describe('RESET RETRY COUNTER: the SO-PIN unblocks the user PIN', () => {
  const reset = (p1: number, soPin: string, pin = '', p2 = 0x81) => {
    const data = soPin + Buffer.from(pin, 'ascii').toString('hex');
    return `002c${p1.toString(16).padStart(2, '0')}${p2.toString(16)}${(data.length / 2).toString(16).padStart(2, '0')}${data}`;
  };
  const SO = '3537363231383830';

  it('needs the right SO-PIN and the option that allows it', async () => {
    const card = await open();
    expect(send(card, reset(0, SO, '123456')).sw).toBe('6a88');
    send(card, initializeApdu({ retries: 1 }));
    expect(send(card, verifyApdu('000000')).sw).toBe('63c0');
    expect(send(card, verifyApdu()).sw).toBe('6983');
    expect(send(card, reset(0, SO)).sw).toBe('6a80');
    expect(send(card, reset(0, '3537363231383831', '123456')).sw).toBe('63ce');
    expect(send(card, reset(0, SO, '123499')).sw).toBe('9000');
    expect(send(card, verifyApdu('123499')).sw).toBe('9000');
    expect(send(card, reset(1, SO)).sw).toBe('9000');
    expect(send(card, reset(1, SO, '123456')).sw).toBe('6a80');
    expect(send(card, reset(2, SO)).sw).toBe('6b00');
    expect(send(card, reset(1, SO, '', 0x88)).sw).toBe('6a86');
    expect(send(card, reset(1, '35373632')).sw).toBe('6700');
    const locked = await open();
    send(locked, initializeApdu({}).replace('80020001', '80020000'));
    expect(send(locked, reset(1, SO)).sw).toBe('6985');
  });
});
