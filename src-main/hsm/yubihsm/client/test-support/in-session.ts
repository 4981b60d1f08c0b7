// Test support: a session on a fresh client over `transport`, with the key and password given;
// the session and the client are closed afterwards whatever `use` does, so a failing assertion
// leaves no session open on a simulator that later steps reuse.

import type { YubiHsmTransport } from '../../transport/transport';
import { YubiHsmClient } from '../yubihsm-client';
import type { YubiHsmSession } from '../yubihsm-session';

export async function inSession<T>(
  transport: YubiHsmTransport,
  authKeyId: number,
  password: string,
  use: (session: YubiHsmSession) => Promise<T>,
): Promise<T> {
  const client = new YubiHsmClient(transport);
  try {
    const session = await client.openSession(authKeyId, { password });
    try {
      return await use(session);
    } finally {
      await session.close();
    }
  } finally {
    await client.close();
  }
}
