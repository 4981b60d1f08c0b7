// Whether to offer the camera at all: only where the page can ask for one
// (navigator.mediaDevices.getUserMedia) and a video input is listed. Before the camera is
// granted, browsers list one entry per kind with no name, which is all this needs to know.

export type CameraPresence = 'unknown' | 'none' | 'present';

export type MediaDevicesLike = Pick<MediaDevices, 'enumerateDevices'> &
  Partial<Pick<MediaDevices, 'getUserMedia'>>;

export async function findCamera(
  media: MediaDevicesLike | undefined,
): Promise<Exclude<CameraPresence, 'unknown'>> {
  if (
    !media ||
    typeof media.getUserMedia !== 'function' ||
    typeof media.enumerateDevices !== 'function'
  )
    return 'none';
  try {
    const devices = await media.enumerateDevices();
    return devices.some((device) => device.kind === 'videoinput') ? 'present' : 'none';
  } catch {
    return 'none';
  }
}
