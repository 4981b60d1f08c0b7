// Handlers for the verification's channels (verify/*): one line each, straight into the engine.

import { ok } from '../../shared/ipc/result';
import type { VerifyEngine } from '../ceremonies/verify/verify-engine';
import type { Handlers } from './router';

export interface VerifyServices {
  verify: VerifyEngine;
}

type VerifyChannel = Extract<keyof Handlers, `verify/${string}`>;

export function verifyHandlers(verify: VerifyEngine): Pick<Handlers, VerifyChannel> {
  return {
    'verify/current': () => ok(verify.current()),
    'verify/start': async () => ok(await verify.start()),
    'verify/choose-folder': async ({ folder }) => ok(await verify.chooseFolder(folder)),
    'verify/choose-secondary': async ({ deviceId }) => ok(await verify.chooseSecondary(deviceId)),
    'verify/choose-primary': async ({ deviceId }) => ok(await verify.choosePrimary(deviceId)),
    'verify/authenticate': async ({ password, authKeyId }) =>
      ok(await verify.authenticate(password, authKeyId)),
    'verify/run': async () => ok(await verify.run()),
    'verify/open-report': async ({ ceremonyId }) => ok(await verify.openReport(ceremonyId)),
    'verify/close': async () => ok(await verify.close()),
  };
}
