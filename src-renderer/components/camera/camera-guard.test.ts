import { describe, expect, it } from 'vitest';
import { watchForLeaving } from './camera-guard';
import { findCamera } from './camera-presence';

function page() {
  const window = new EventTarget();
  const document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  return { window, document };
}

function key(name: string): Event {
  return Object.assign(new Event('keydown', { cancelable: true }), { key: name });
}

describe('what turns the camera off without a click', () => {
  it('Esc, a lost focus and a hidden page; not other keys or a page shown again', () => {
    const guarded = page();
    const seen: string[] = [];
    const stopWatching = watchForLeaving(guarded, (why) => seen.push(why));
    guarded.window.dispatchEvent(key('a'));
    const escape = key('Escape');
    guarded.window.dispatchEvent(escape);
    expect(escape.defaultPrevented).toBe(true);
    guarded.window.dispatchEvent(new Event('blur'));
    guarded.document.dispatchEvent(new Event('visibilitychange'));
    guarded.document.visibilityState = 'hidden';
    guarded.document.dispatchEvent(new Event('visibilitychange'));
    expect(seen).toEqual(['escape', 'blur', 'blur']);
    stopWatching();
    guarded.window.dispatchEvent(key('Escape'));
    guarded.window.dispatchEvent(new Event('blur'));
    expect(seen).toHaveLength(3);
  });
});

describe('whether to offer the camera', () => {
  const device = (kind: MediaDeviceKind) =>
    ({ kind, deviceId: '', groupId: '', label: '', toJSON: () => ({}) }) as MediaDeviceInfo;
  const media = (kinds: MediaDeviceKind[]) => ({
    getUserMedia: () => Promise.reject(new Error('not asked')),
    enumerateDevices: () => Promise.resolve(kinds.map(device)),
  });

  it('offers it only where the page can ask for a camera and one is listed', async () => {
    expect(await findCamera(media(['audioinput', 'videoinput']))).toBe('present');
    expect(await findCamera(media(['audioinput', 'audiooutput']))).toBe('none');
    expect(await findCamera(undefined)).toBe('none');
    expect(
      await findCamera({ enumerateDevices: () => Promise.resolve([device('videoinput')]) }),
    ).toBe('none');
    expect(
      await findCamera({
        getUserMedia: () => Promise.reject(new Error('x')),
        enumerateDevices: () => Promise.reject(new Error('refused')),
      }),
    ).toBe('none');
  });
});
