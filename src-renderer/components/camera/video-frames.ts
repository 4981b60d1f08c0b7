// The preview <video> and the frames read from it. A frame is drawn into one canvas that is
// never on the page, its pixels copied out, and the canvas wiped straight away: between two
// reads it holds no picture, and the copy is overwritten by the decoder (frame-decode.ts).
// Nothing is ever encoded to an image, kept, or sent anywhere.

import type { RgbaFrame } from './frame-decode';
import type { CameraStream } from './camera-session';

/** Frames are read at most this wide: a sheet's QR code needs no more, and decoding stays quick. */
const MAX_FRAME_WIDTH = 640;

type Canvas2d = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export class VideoFrames {
  private canvas: HTMLCanvasElement | OffscreenCanvas | undefined;
  private context: Canvas2d | undefined;

  constructor(private readonly video: () => HTMLVideoElement | null) {}

  async show(stream: CameraStream): Promise<void> {
    const video = this.video();
    if (!video) throw new Error('the camera preview is not on the page');
    video.srcObject = stream as MediaStream;
    await video.play();
  }

  /** The preview's current picture as RGBA, or null before the first frame has arrived. */
  read(): RgbaFrame | null {
    const video = this.video();
    if (!video || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0)
      return null;
    const scale = Math.min(1, MAX_FRAME_WIDTH / video.videoWidth);
    const width = Math.max(1, Math.round(video.videoWidth * scale));
    const height = Math.max(1, Math.round(video.videoHeight * scale));
    const context = this.contextOf(width, height);
    context.drawImage(video, 0, 0, width, height);
    const frame = context.getImageData(0, 0, width, height);
    context.clearRect(0, 0, width, height);
    return frame;
  }

  /** Empties the preview and gives the canvas back. */
  clear(): void {
    const video = this.video();
    if (video) {
      video.pause();
      video.srcObject = null;
    }
    if (this.canvas && this.context)
      this.context.clearRect(0, 0, this.canvas.width, this.canvas.height);
    if (this.canvas) {
      this.canvas.width = 0;
      this.canvas.height = 0;
    }
    this.canvas = undefined;
    this.context = undefined;
  }

  private contextOf(width: number, height: number): Canvas2d {
    if (!this.canvas || !this.context) {
      // Never attached to the document: nothing drawn here is ever on screen.
      this.canvas =
        typeof OffscreenCanvas === 'function'
          ? new OffscreenCanvas(width, height)
          : document.createElement('canvas');
      const context = this.canvas.getContext('2d', {
        willReadFrequently: true,
        alpha: false,
      }) as Canvas2d | null;
      if (!context) throw new Error('no 2D canvas to read camera frames with');
      this.context = context;
    }
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    return this.context;
  }
}
