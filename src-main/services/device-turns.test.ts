import { describe, expect, it } from 'vitest';
import { DeviceBusy, DeviceTurns } from './device-turns';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('turns at a device', () => {
  it('hands each device to one holder at a time, in the order asked, and others at once', async () => {
    const turns = new DeviceTurns();
    const order: string[] = [];
    const endFirst = await turns.take('usb:1');
    const second = turns.take('usb:1').then((end) => (order.push('second'), end));
    const third = turns.take('usb:1').then((end) => (order.push('third'), end));
    const elsewhere = await turns.take('usb:2');
    order.push('other device');
    await tick();
    expect(order).toEqual(['other device']);
    endFirst();
    endFirst(); // ending twice changes nothing
    const endSecond = await second;
    await tick();
    expect(order).toEqual(['other device', 'second']);
    endSecond();
    (await third)();
    elsewhere();
    await tick();
    expect(turns.isBusy('usb:1')).toBe(false);
    expect(turns.isBusy('usb:2')).toBe(false);
  });

  it('gives up after the wait with DeviceBusy and gives its place back', async () => {
    const turns = new DeviceTurns();
    const endHolder = await turns.take('usb:1');
    await expect(turns.take('usb:1', 10)).rejects.toBeInstanceOf(DeviceBusy);
    const next = turns.take('usb:1');
    endHolder();
    (await next)();
    await tick();
    expect(turns.isBusy('usb:1')).toBe(false);
  });
});
