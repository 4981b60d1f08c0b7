// A share holder's whole turn taken headless with the rehearsal's secrets (`dkek restore
// --rehearsal-shares-dir`, simulated cards only, and the engine's tests): the same moves the
// screen sends (take the turn, import, on to the next holder), so the headless restore and the
// UI go through one path.

import type { DkekRestoreSnapshot } from '../../../shared/ceremony/dkek-clone-snapshot';
import type { DkekRestoreEngine } from './restore-engine';
import { rehearsalSecret } from './share-source';

export async function rehearsalTurn(
  engine: DkekRestoreEngine,
  sharesDir: string,
): Promise<DkekRestoreSnapshot> {
  const turn = engine.current()?.shares.turn;
  if (!turn) return engine.importShare();
  if (turn.phase === 'handover') await engine.beginTurn();
  const done = await engine.importShare({
    rehearsal: await rehearsalSecret(sharesDir, turn.shareNumber),
  });
  return done.shares.turn?.phase === 'cleared' ? engine.nextTurn() : done;
}
