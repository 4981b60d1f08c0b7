import { describe, expect, it } from 'vitest';
import { CAMERA_CONSTRAINTS, CameraSession, FRAME_INTERVAL_MS, failureOf } from './camera-session';
import type { CameraDeps, CameraState, CameraStream } from './camera-session';
import type { RgbaFrame } from './frame-decode';

const SHARE = '3-2-4kb3rYgzIOZ4g4CMzzT6fL6BqTtI72K4vGHRSwd9rbdU7l4EGKKyT8sxARtXrVrABD4OVA';

class FakeTrack {
  stopped = 0;
  stop() {
    this.stopped++;
  }
}

function fakeStream(): CameraStream & { tracks: FakeTrack[] } {
  const tracks = [new FakeTrack()];
  return { tracks, getTracks: () => tracks };
}

/** Resolves or rejects getUserMedia when the test says so. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

/** A camera whose frames hold what `frames` says (null: no code in that frame). */
function rig(options: { frames?: (string | null)[]; camera?: Promise<CameraStream> } = {}) {
  const stream = fakeStream();
  const frames = [...(options.frames ?? [])];
  const states: CameraState[] = [];
  const decoded: string[] = [];
  /** Whether every track was already stopped when each text was handed on. */
  const offWhenHanded: boolean[] = [];
  const asked: MediaStreamConstraints[] = [];
  const timers = new Map<number, { ms: number; run: () => void; repeat: boolean }>();
  const read: RgbaFrame[] = [];
  let nextTimer = 0;
  let stopWatching: ((why: 'escape' | 'blur') => void) | undefined;
  let watching = 0;
  let previewShown = 0;
  let previewCleared = 0;
  const deps: CameraDeps = {
    getUserMedia: (constraints) => {
      asked.push(constraints);
      return options.camera ?? Promise.resolve(stream);
    },
    showPreview: () => {
      previewShown++;
      return Promise.resolve();
    },
    clearPreview: () => previewCleared++,
    readFrame: () => {
      if (frames.length === 0) return null;
      const frame = { data: new Uint8ClampedArray([1, 2, 3, 4]), width: 1, height: 1 };
      read.push(frame);
      return frame;
    },
    decode: (frame) => {
      frame.data.fill(0);
      return frames.shift() ?? null;
    },
    watch: (stop) => {
      stopWatching = stop;
      watching++;
      return () => {
        stopWatching = undefined;
        watching--;
      };
    },
    every: (ms, run) => {
      const id = nextTimer++;
      timers.set(id, { ms, run, repeat: true });
      return () => timers.delete(id);
    },
    after: (ms, run) => {
      const id = nextTimer++;
      timers.set(id, { ms, run, repeat: false });
      return () => timers.delete(id);
    },
    onState: (state) => states.push(state),
    onDecoded: (text) => {
      decoded.push(text);
      offWhenHanded.push(stream.tracks.every((track) => track.stopped > 0));
    },
    limitMs: 60_000,
  };
  const session = new CameraSession(deps);
  return {
    session,
    stream,
    states,
    decoded,
    offWhenHanded,
    asked,
    read,
    /** Runs the frame timer once. */
    tick() {
      for (const timer of [...timers.values()]) if (timer.repeat) timer.run();
    },
    /** Runs the time limit. */
    expire() {
      for (const timer of [...timers.values()]) if (!timer.repeat) timer.run();
    },
    timers: () => [...timers.values()].map(({ ms, repeat }) => ({ ms, repeat })),
    leave: (why: 'escape' | 'blur') => stopWatching?.(why),
    watching: () => watching,
    previewShown: () => previewShown,
    previewCleared: () => previewCleared,
    stoppedTracks: () => stream.tracks.every((track) => track.stopped > 0),
  };
}

describe('the camera during a scan-back check', () => {
  it('asks for the camera alone, never the microphone', async () => {
    const camera = rig();
    await camera.session.start();
    expect(camera.asked).toEqual([CAMERA_CONSTRAINTS]);
    expect(CAMERA_CONSTRAINTS.audio).toBe(false);
    expect(CAMERA_CONSTRAINTS.video).toBeTruthy();
    expect(camera.states.map((state) => state.kind)).toEqual(['starting', 'scanning']);
    expect(camera.previewShown()).toBe(1);
    expect(camera.timers()).toEqual([
      { ms: FRAME_INTERVAL_MS, repeat: true },
      { ms: 60_000, repeat: false },
    ]);
  });

  it('turns the camera off at the first code read, then hands the text on once', async () => {
    const camera = rig({ frames: [null, null, SHARE, 'a second code'] });
    await camera.session.start();
    camera.tick();
    camera.tick();
    expect(camera.decoded).toEqual([]);
    expect(camera.stoppedTracks()).toBe(false);
    camera.tick();
    expect(camera.decoded).toEqual([SHARE]);
    expect(camera.offWhenHanded).toEqual([true]);
    expect(camera.session.current).toEqual({ kind: 'off' });
    // Nothing is read after the code: the frame timer and the time limit are gone.
    expect(camera.timers()).toEqual([]);
    camera.tick();
    expect(camera.decoded).toEqual([SHARE]);
    expect(camera.previewCleared()).toBe(1);
    expect(camera.watching()).toBe(0);
    // Every frame read was overwritten.
    for (const frame of camera.read) expect([...frame.data]).toEqual([0, 0, 0, 0]);
  });

  it('turns the camera off on Cancel, with nothing said', async () => {
    const camera = rig();
    await camera.session.start();
    camera.session.stop('cancel');
    expect(camera.stoppedTracks()).toBe(true);
    expect(camera.session.current).toEqual({ kind: 'off' });
    expect(camera.timers()).toEqual([]);
    expect(camera.watching()).toBe(0);
  });

  it('turns the camera off on Esc, on a lost focus or a hidden page, and after the time limit, and says why', async () => {
    for (const why of ['escape', 'blur'] as const) {
      const camera = rig();
      await camera.session.start();
      camera.leave(why);
      expect(camera.stoppedTracks(), why).toBe(true);
      expect(camera.session.current).toEqual({ kind: 'stopped', why });
      expect(camera.timers()).toEqual([]);
    }
    const camera = rig();
    await camera.session.start();
    camera.expire();
    expect(camera.stoppedTracks()).toBe(true);
    expect(camera.session.current).toEqual({ kind: 'stopped', why: 'idle' });
  });

  it('turns the camera off when the screen goes away, without a word to a screen that is gone', async () => {
    const camera = rig();
    await camera.session.start();
    const said = camera.states.length;
    camera.session.stop('unmount');
    expect(camera.stoppedTracks()).toBe(true);
    expect(camera.states).toHaveLength(said);
    expect(camera.timers()).toEqual([]);
    expect(camera.watching()).toBe(0);
  });

  it('stops a camera that arrives after the custodian gave up waiting for it', async () => {
    const pending = deferred<CameraStream>();
    const late = fakeStream();
    for (const giveUp of ['cancel', 'escape', 'unmount'] as const) {
      const camera = rig({ camera: pending.promise });
      const starting = camera.session.start();
      camera.session.stop(giveUp);
      pending.resolve(late);
      await starting;
      expect(late.tracks[0]!.stopped, giveUp).toBeGreaterThan(0);
      expect(camera.previewShown()).toBe(0);
      expect(camera.timers()).toEqual([]);
      expect(camera.session.current.kind).not.toBe('scanning');
    }
  });

  it('keeps waiting through a lost focus while the browser asks whether to allow the camera', async () => {
    const pending = deferred<CameraStream>();
    const camera = rig({ camera: pending.promise });
    const starting = camera.session.start();
    camera.leave('blur');
    expect(camera.session.current).toEqual({ kind: 'starting' });
    pending.resolve(camera.stream);
    await starting;
    expect(camera.session.current).toEqual({ kind: 'scanning' });
    camera.leave('blur');
    expect(camera.stoppedTracks()).toBe(true);
  });

  it('says why a camera could not be started, and leaves nothing running', async () => {
    const cases: [string, string][] = [
      ['NotAllowedError', 'refused'],
      ['SecurityError', 'refused'],
      ['NotFoundError', 'missing'],
      ['OverconstrainedError', 'missing'],
      ['NotReadableError', 'busy'],
      ['TypeError', 'failed'],
    ];
    for (const [name, failure] of cases) {
      const refused = Object.assign(new Error('refused'), { name });
      const camera = rig({ camera: Promise.reject(refused) });
      await camera.session.start();
      expect(camera.session.current, name).toEqual({ kind: 'failed', failure });
      expect(camera.timers()).toEqual([]);
      expect(camera.watching()).toBe(0);
    }
    expect(failureOf('not an error')).toBe('failed');
  });

  it('does nothing for a second click while the camera is on, and starts again after a stop', async () => {
    const camera = rig({ frames: [SHARE] });
    await camera.session.start();
    await camera.session.start();
    expect(camera.asked).toHaveLength(1);
    camera.session.stop('escape');
    camera.session.stop('blur');
    expect(camera.session.current).toEqual({ kind: 'stopped', why: 'escape' });
    await camera.session.start();
    expect(camera.asked).toHaveLength(2);
    expect(camera.session.current).toEqual({ kind: 'scanning' });
  });
});
