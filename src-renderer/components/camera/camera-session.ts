// The camera while a custodian's share sheet is read (the scan-back check, a restore's share
// entry): ask for it (video only), show it in the preview, read a
// frame every few tenths of a second until one holds a QR code, and turn it off the moment that
// happens, or on Cancel, Esc, the window losing the focus or being hidden, the time limit, or
// the screen going away. Turning it off stops every track, so the camera's light goes out at
// once, and empties the preview. The decoded text is handed on once and kept nowhere.
// Written against small interfaces (no React, no DOM globals) so it is tested under Node.

import type { RgbaFrame } from './frame-decode';

/** Why the camera was turned off. */
export type CameraStop = 'decoded' | 'cancel' | 'escape' | 'blur' | 'idle' | 'unmount';

/** Why the camera could not be started, said to the custodian. */
export type CameraFailure = 'refused' | 'missing' | 'busy' | 'failed';

export type CameraState =
  | { readonly kind: 'off' }
  | { readonly kind: 'starting' }
  | { readonly kind: 'scanning' }
  | { readonly kind: 'failed'; readonly failure: CameraFailure }
  | { readonly kind: 'stopped'; readonly why: 'escape' | 'blur' | 'idle' };

export interface CameraTrack {
  stop(): void;
}

export interface CameraStream {
  getTracks(): readonly CameraTrack[];
}

export interface CameraDeps {
  readonly getUserMedia: (constraints: MediaStreamConstraints) => Promise<CameraStream>;
  /** Plays the stream in the preview; resolves once it is playing. */
  readonly showPreview: (stream: CameraStream) => Promise<void>;
  /** Empties the preview and lets go of any frame kept for reading. */
  readonly clearPreview: () => void;
  /** The preview's current picture, or null when it has none yet. */
  readonly readFrame: () => RgbaFrame | null;
  /** A QR code's text in the frame, or null; overwrites the frame (frame-decode.ts). */
  readonly decode: (frame: RgbaFrame) => string | null;
  /** Calls `stop` on Esc, blur or the page being hidden; returns how to stop watching. */
  readonly watch: (stop: (why: 'escape' | 'blur') => void) => () => void;
  readonly every: (ms: number, run: () => void) => () => void;
  readonly after: (ms: number, run: () => void) => () => void;
  readonly onState: (state: CameraState) => void;
  /** The QR code's text, once, after the camera is already off. */
  readonly onDecoded: (text: string) => void;
  /** How long the camera stays on without reading a code. */
  readonly limitMs: number;
}

/** The camera alone: no microphone is ever asked for. The back camera where there are two. */
export const CAMERA_CONSTRAINTS: MediaStreamConstraints = {
  audio: false,
  video: { facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 720 } },
};

/** A frame every 200 ms: enough to catch a sheet held still, light enough to keep the page responsive. */
export const FRAME_INTERVAL_MS = 200;

export class CameraSession {
  private state: CameraState = { kind: 'off' };
  /** Bumped by every stop, so a start still waiting on the camera knows it was overtaken. */
  private generation = 0;
  private stream: CameraStream | undefined;
  private cleanups: (() => void)[] = [];

  constructor(private readonly deps: CameraDeps) {}

  get current(): CameraState {
    return this.state;
  }

  async start(): Promise<void> {
    if (this.state.kind === 'starting' || this.state.kind === 'scanning') return;
    const generation = ++this.generation;
    this.set({ kind: 'starting' });
    // Esc and a hidden page count from the first moment; a lost focus only once the camera is
    // on, since the browser's own "allow the camera?" prompt may take the focus while it asks.
    this.cleanups.push(this.deps.watch((why) => this.stop(why)));
    let stream: CameraStream;
    try {
      stream = await this.deps.getUserMedia(CAMERA_CONSTRAINTS);
    } catch (error) {
      if (generation === this.generation) this.fail(failureOf(error));
      return;
    }
    if (generation !== this.generation) return stopTracks(stream);
    this.stream = stream;
    try {
      await this.deps.showPreview(stream);
    } catch {
      if (generation === this.generation) this.fail('failed');
      return;
    }
    if (generation !== this.generation) return;
    this.cleanups.push(
      this.deps.every(FRAME_INTERVAL_MS, () => this.readOnce()),
      this.deps.after(this.deps.limitMs, () => this.stop('idle')),
    );
    this.set({ kind: 'scanning' });
  }

  /** Turns the camera off (no-op when it is not on). */
  stop(why: CameraStop): void {
    if (this.state.kind !== 'starting' && this.state.kind !== 'scanning') return;
    if (why === 'blur' && this.state.kind === 'starting') return;
    this.generation++;
    this.release();
    if (why === 'unmount') return;
    this.set(
      why === 'escape' || why === 'blur' || why === 'idle'
        ? { kind: 'stopped', why }
        : { kind: 'off' },
    );
  }

  private readOnce(): void {
    if (this.state.kind !== 'scanning') return;
    let text: string | null;
    try {
      const frame = this.deps.readFrame();
      text = frame ? this.deps.decode(frame) : null;
    } catch {
      return this.fail('failed');
    }
    if (text === null) return;
    // Off first: the camera is dark before main is even asked.
    this.stop('decoded');
    this.deps.onDecoded(text);
  }

  private fail(failure: CameraFailure): void {
    this.generation++;
    this.release();
    this.set({ kind: 'failed', failure });
  }

  private release(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    if (this.stream) stopTracks(this.stream);
    this.stream = undefined;
    this.deps.clearPreview();
  }

  private set(state: CameraState): void {
    this.state = state;
    this.deps.onState(state);
  }
}

function stopTracks(stream: CameraStream): void {
  for (const track of stream.getTracks()) track.stop();
}

/** getUserMedia's refusals (DOMException names), in the custodian's terms. */
export function failureOf(error: unknown): CameraFailure {
  const name =
    error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error)
      ? String((error as { name: unknown }).name)
      : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'refused';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'missing';
    case 'NotReadableError':
    case 'AbortError':
      return 'busy';
    default:
      return 'failed';
  }
}
