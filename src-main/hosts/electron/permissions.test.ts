import { describe, expect, it } from 'vitest';
import { grantsPermission } from './permissions';
import type { PermissionAsk } from './permissions';

/** The one request granted: the app window's page asking for the camera alone. */
const CAMERA: PermissionAsk = {
  permission: 'media',
  mediaTypes: ['video'],
  requestingUrl: 'custos://app/index.html',
  securityOrigin: 'custos://app/',
  isMainFrame: true,
  fromAppWindow: true,
};

describe('the Electron session’s permission requests', () => {
  it('grants the camera, video only, to the app window’s page on custos://app', () => {
    expect(grantsPermission(CAMERA)).toBe(true);
    expect(grantsPermission({ ...CAMERA, securityOrigin: undefined })).toBe(true);
  });

  it('refuses the microphone, alone or with the camera, and a media request naming no device', () => {
    expect(grantsPermission({ ...CAMERA, mediaTypes: ['audio'] })).toBe(false);
    expect(grantsPermission({ ...CAMERA, mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(grantsPermission({ ...CAMERA, mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(grantsPermission({ ...CAMERA, mediaTypes: [] })).toBe(false);
    expect(grantsPermission({ ...CAMERA, mediaTypes: undefined })).toBe(false);
  });

  it('refuses the camera to any other origin, frame or window', () => {
    for (const requestingUrl of [
      'custos://other/index.html',
      'https://app/index.html',
      'http://127.0.0.1:8080/',
      'file:///index.html',
      'not a url',
    ]) {
      expect(grantsPermission({ ...CAMERA, requestingUrl }), requestingUrl).toBe(false);
    }
    expect(grantsPermission({ ...CAMERA, requestingUrl: undefined })).toBe(false);
    expect(grantsPermission({ ...CAMERA, securityOrigin: 'https://evil.example/' })).toBe(false);
    expect(grantsPermission({ ...CAMERA, isMainFrame: false })).toBe(false);
    expect(grantsPermission({ ...CAMERA, fromAppWindow: false })).toBe(false);
  });

  it('refuses every other permission, even to the app window’s page', () => {
    const others = [
      'display-capture',
      'geolocation',
      'notifications',
      'clipboard-read',
      'clipboard-sanitized-write',
      'hid',
      'usb',
      'serial',
      'midi',
      'midiSysex',
      'fullscreen',
      'pointerLock',
      'openExternal',
      'fileSystem',
      'mediaKeySystem',
      'unknown',
    ];
    for (const permission of others)
      expect(grantsPermission({ ...CAMERA, permission }), permission).toBe(false);
    // Screen capture carries media types too: a screen's video is still not the camera.
    expect(
      grantsPermission({ ...CAMERA, permission: 'display-capture', mediaTypes: ['video'] }),
    ).toBe(false);
  });
});
