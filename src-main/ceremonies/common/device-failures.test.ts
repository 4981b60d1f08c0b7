import { describe, expect, it } from 'vitest';
import { Command } from '../../hsm/yubihsm/protocol/commands';
import {
  DeviceErrorCode,
  YubiHsmDeviceError,
  YubiHsmProtocolError,
  YubiHsmTransportError,
} from '../../hsm/yubihsm/protocol/device-errors';
import {
  YubiHsmAuthenticationError,
  YubiHsmSessionExpiredError,
  YubiHsmSessionUnusableError,
} from '../../hsm/yubihsm/session/errors';
import { Refusal } from '../../refusal/refusal';
import {
  deviceFailureReason,
  deviceFailureSentence,
  isAuthenticationRefusal,
  isConnectionLoss,
} from './device-failures';

const UNPLUGGED = new YubiHsmTransportError(
  'usb: LIBUSB_ERROR_NO_DEVICE secret-looking transport text',
);
const FULL = new YubiHsmDeviceError(DeviceErrorCode.STORAGE_FAILED, Command.PutWrapKey);
const GARBLED = new YubiHsmProtocolError(Command.ListObjects, 'raw bytes 7f 00 01');

describe('device failures in the ceremony’s words', () => {
  it('completes "… failed: " with the device’s role, the device’s own error sentence and what to do', () => {
    expect(deviceFailureReason(UNPLUGGED, 'the primary')).toBe(
      'the primary stopped answering (it was unplugged, or its connection dropped); plug it back in and wait until it is listed again',
    );
    expect(deviceFailureReason(FULL, 'the primary')).toBe(
      `the primary answered STORAGE_FAILED: ${FULL.sentence}`,
    );
    expect(deviceFailureReason(GARBLED, 'the device')).toBe(
      'the device gave an answer that breaks the YubiHSM 2 protocol; unplug it, plug it back in and try again',
    );
    expect(
      deviceFailureReason(
        new Refusal('device-missing', 'That device is not connected.'),
        'the primary',
      ),
    ).toBe('that device is not connected');
    expect(deviceFailureReason(new Error('boom'), 'the primary')).toBe(
      'something unexpected went wrong inside Custos (the log file has the details)',
    );
  });

  it('says a lost connection can be resumed, and otherwise reads as the same clause made a sentence', () => {
    const resumable =
      'The secondary stopped answering (it was unplugged, or its connection dropped). Plug it back in, wait until it is listed again, and run the step again: what was already done is recognised and skipped.';
    expect(deviceFailureSentence(UNPLUGGED, 'the secondary')).toBe(resumable);
    expect(
      deviceFailureSentence(
        new YubiHsmSessionExpiredError(Command.ImportWrapped, 3),
        'the secondary',
      ),
    ).toBe(resumable);
    expect(
      deviceFailureSentence(
        new YubiHsmSessionUnusableError(Command.ImportWrapped, 3, 'was closed'),
        'the secondary',
      ),
    ).toBe(resumable);
    expect(deviceFailureSentence(FULL, 'the secondary')).toBe(
      `The secondary answered STORAGE_FAILED: ${FULL.sentence}.`,
    );
    expect(deviceFailureSentence(GARBLED, 'the primary')).toBe(
      'The primary gave an answer that breaks the YubiHSM 2 protocol; unplug it, plug it back in and try again.',
    );
    expect(
      deviceFailureSentence(new Refusal('conflict', 'Choose the primary first.'), 'the primary'),
    ).toBe('Choose the primary first.');
    expect(deviceFailureSentence(new Error('boom'), 'the primary')).toBe(
      'Something unexpected went wrong inside Custos (the log file has the details).',
    );
  });

  it('never repeats what a transport or an unknown error said', () => {
    for (const error of [UNPLUGGED, GARBLED, new Error('password hunter2')]) {
      expect(deviceFailureSentence(error, 'the primary')).not.toMatch(/secret|7f 00|hunter2/);
      expect(deviceFailureReason(error, 'the primary')).not.toMatch(/secret|7f 00|hunter2/);
    }
  });

  it('tells a refused key from a lost connection', () => {
    expect(isAuthenticationRefusal(new YubiHsmAuthenticationError(3))).toBe(true);
    expect(
      isAuthenticationRefusal(
        new YubiHsmDeviceError(DeviceErrorCode.OBJECT_NOT_FOUND, Command.CreateSession),
      ),
    ).toBe(true);
    expect(isAuthenticationRefusal(FULL)).toBe(false);
    expect(isConnectionLoss(UNPLUGGED)).toBe(true);
    expect(isConnectionLoss(FULL)).toBe(false);
  });
});
