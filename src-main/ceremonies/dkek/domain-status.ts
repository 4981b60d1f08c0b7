// Where a device's DKEK stands, read after the user PIN in the same card session (a Pico HSM
// shows its KCV only then, spec §7.1), and the one form a back-up or verification needs: a
// complete DKEK that is not the all-zero one of a share imported twice (spec §3).

import type { DkekStatus, SmartCardHsmClient } from '../../hsm/smartcard-hsm/client';
import { Refusal } from '../../refusal/refusal';
import { cardRefusal, verifyUserPin } from './card-failures';

export async function statusAfterPin(
  client: SmartCardHsmClient,
  pin: string,
  who: string,
): Promise<DkekStatus> {
  await verifyUserPin(client, pin, who);
  try {
    return await client.dkekStatus();
  } catch (error) {
    throw cardRefusal(error, who);
  }
}

/** The complete DKEK's KCV and share count; any other state is a sentence saying what to do. */
export function completeDomain(status: DkekStatus, who: string): { kcv: string; total: number } {
  switch (status.state) {
    case 'complete':
      if (status.sameShareTwice)
        throw new Refusal(
          'device-error',
          `The DKEK of ${who} is all zeros (check value ${status.kcv}): one share was imported twice. Its keys cannot be backed up into a domain; initialise it again and import each share once.`,
        );
      return { kcv: status.kcv, total: status.total };
    case 'complete-kcv-hidden':
      throw new Refusal('device-error', status.explanation);
    case 'no-dkek':
      throw new Refusal(
        'device-error',
        `${who} was initialised without DKEK shares, so none of its keys can be wrapped or unwrapped: there is no back-up possible from it. A device that is to be backed up is initialised with DKEK shares (custos dkek init).`,
      );
    case 'pending':
      throw new Refusal(
        'device-error',
        `${who} still waits for ${status.outstanding} of its ${status.total} DKEK shares; import them (custos dkek import) before its keys can be wrapped or unwrapped.`,
      );
  }
}
