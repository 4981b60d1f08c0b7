import { useEffect, useRef, useState } from 'react';
import { CameraSession } from './camera-session';
import type { CameraFailure, CameraState } from './camera-session';
import { findCamera } from './camera-presence';
import type { CameraPresence } from './camera-presence';
import { watchForLeaving } from './camera-guard';
import { readQrFromFrame } from './frame-decode';
import { VideoFrames } from './video-frames';

const FAILED: Readonly<Record<CameraFailure, string>> = {
  refused: 'Custos was not allowed to use the camera.',
  missing: 'No camera was found.',
  busy: 'The camera could not be started: another program may be using it.',
  failed: 'The camera could not be started.',
};

const OTHER_WAY = 'Scan your sheet with a handheld scanner, or type your share, instead.';

function sentence(state: CameraState, limitSeconds: number): string | undefined {
  if (state.kind === 'failed') return `${FAILED[state.failure]} ${OTHER_WAY}`;
  if (state.kind !== 'stopped') return undefined;
  if (state.why === 'idle')
    return `The camera was turned off after ${limitSeconds} seconds without reading a QR code.`;
  return state.why === 'escape'
    ? 'The camera was turned off because Esc was pressed.'
    : 'The camera was turned off because this window lost the focus.';
}

/** Is there a camera to offer? Asked again when a camera is plugged in or out. */
function useCameraPresence(): CameraPresence {
  const [presence, setPresence] = useState<CameraPresence>('unknown');
  useEffect(() => {
    const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
    let current = true;
    const look = () => void findCamera(media).then((found) => current && setPresence(found));
    look();
    media?.addEventListener?.('devicechange', look);
    return () => {
      current = false;
      media?.removeEventListener?.('devicechange', look);
    };
  }, []);
  return presence;
}

interface CameraScanProps {
  /** What the button says: the ceremony's own words for reading the sheet. */
  readonly label: string;
  /** Test ids: `<testId>`, `<testId>-box`, `-video`, `-cancel`, `-status` (e2e specs). */
  readonly testId: string;
  /** The ceremony's idle period: the camera goes off after it without reading a code. */
  readonly limitSeconds: number;
  readonly disabled: boolean;
  /** The QR code's text, once, with the camera already off; kept by no one here. */
  readonly onScanned: (text: string) => void;
}

/**
 * The laptop camera as a QR scanner for a custodian's share sheet (the scan-back check, issue 5
 * §4; a restore's share entry, issue 6 §3): offered only where a camera is listed, on only while
 * the custodian holds their sheet up to it, off at the first code read and whenever the screen
 * moves on (camera-session.ts).
 */
export function CameraScan({ label, testId, limitSeconds, disabled, onScanned }: CameraScanProps) {
  const presence = useCameraPresence();
  const [state, setState] = useState<CameraState>({ kind: 'off' });
  const video = useRef<HTMLVideoElement>(null);
  const session = useRef<CameraSession | null>(null);
  const scanned = useRef(onScanned);
  useEffect(() => {
    scanned.current = onScanned;
  });

  useEffect(() => {
    const frames = new VideoFrames(() => video.current);
    const camera = new CameraSession({
      getUserMedia: (constraints) => navigator.mediaDevices.getUserMedia(constraints),
      showPreview: (stream) => frames.show(stream),
      clearPreview: () => frames.clear(),
      readFrame: () => frames.read(),
      decode: readQrFromFrame,
      watch: (stop) => watchForLeaving({ window, document }, stop),
      every: (ms, run) => {
        const timer = setInterval(run, ms);
        return () => clearInterval(timer);
      },
      after: (ms, run) => {
        const timer = setTimeout(run, ms);
        return () => clearTimeout(timer);
      },
      onState: setState,
      onDecoded: (text) => scanned.current(text),
      limitMs: limitSeconds * 1000,
    });
    session.current = camera;
    return () => {
      camera.stop('unmount');
      session.current = null;
    };
  }, [limitSeconds]);

  if (presence !== 'present' && state.kind === 'off') return null;
  const on = state.kind === 'starting' || state.kind === 'scanning';
  const said = sentence(state, limitSeconds);
  return (
    <div className="camera-scan" data-testid={`${testId}-box`} data-state={state.kind}>
      {!on && presence === 'present' && (
        <button
          type="button"
          className="button"
          data-testid={testId}
          disabled={disabled}
          onClick={() => void session.current?.start()}
        >
          {label}
        </button>
      )}
      <div className="camera-scan__preview" hidden={!on}>
        <video
          ref={video}
          className="camera-scan__video"
          data-testid={`${testId}-video`}
          muted
          playsInline
          aria-label="What the camera sees"
        />
        <p className="share-turn__hint" role="status">
          {state.kind === 'scanning'
            ? `Hold your sheet’s QR code up to the camera. It turns off as soon as the code is read, or after ${limitSeconds} seconds.`
            : 'Starting the camera…'}
        </p>
        <button
          type="button"
          className="button button--quiet"
          data-testid={`${testId}-cancel`}
          onClick={() => session.current?.stop('cancel')}
        >
          Turn the camera off
        </button>
      </div>
      {said && (
        <p className="notice" data-testid={`${testId}-status`} role="status">
          {said}
        </p>
      )}
    </div>
  );
}
