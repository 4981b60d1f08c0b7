import { describe, expect, it } from 'vitest';
import { IdleWatch } from './idle-watch';

describe('hiding a shown share when nobody is there', () => {
  it('is due exactly the hide period after the share appeared when nothing happens', () => {
    const watch = new IdleWatch({ hideAfterMs: 60_000 }, 1_000);
    expect(watch.isIdle(60_999)).toBe(false);
    expect(watch.remaining(60_999)).toBe(1);
    expect(watch.isIdle(61_000)).toBe(true);
  });

  it('counts the period again from the last activity', () => {
    const watch = new IdleWatch({ hideAfterMs: 60_000 }, 0);
    watch.activity(50_000);
    expect(watch.isIdle(60_000)).toBe(false);
    expect(watch.remaining(60_000)).toBe(50_000);
    expect(watch.isIdle(110_000)).toBe(true);
  });

  it('ignores an activity stamped earlier than one already seen', () => {
    const watch = new IdleWatch({ hideAfterMs: 10_000 }, 0);
    watch.activity(8_000);
    watch.activity(3_000);
    expect(watch.remaining(8_000)).toBe(10_000);
  });

  it('tells main "still here" at most once per quarter period, however busy the custodian is', () => {
    const watch = new IdleWatch({ hideAfterMs: 60_000 }, 0);
    const pings = [];
    for (let now = 0; now <= 60_000; now += 500) if (watch.activity(now)) pings.push(now);
    expect(pings).toEqual([15_000, 30_000, 45_000, 60_000]);
  });

  it('pings on the first activity after a quiet quarter period, so main never hides a share in use', () => {
    const watch = new IdleWatch({ hideAfterMs: 20_000 }, 0);
    expect(watch.activity(4_000)).toBe(false);
    expect(watch.activity(19_000)).toBe(true);
    // main's timer was restarted at 19 s: it hides at 39 s, no earlier than 20 s after the last
    // activity the renderer reported.
    expect(watch.activity(20_000)).toBe(false);
    expect(watch.remaining(20_000)).toBe(20_000);
  });

  it('"I am still here" in the countdown gives a full period from then, and counts as the ping', () => {
    const watch = new IdleWatch({ hideAfterMs: 60_000 }, 0);
    expect(watch.remaining(45_000)).toBe(15_000);
    watch.extend(45_000);
    expect(watch.remaining(45_000)).toBe(60_000);
    // Main heard it then, so the next activity within a quarter period sends nothing more.
    expect(watch.activity(50_000)).toBe(false);
  });
});
