// The share sheet's hooks for the custodian's turn: its intents, and its window (which hides the
// share when the custodian leaves it, and tells main when they closed it).

import { useEffect, useMemo } from 'react';
import { findCustos } from '../../../bridge';
import { useInitStore, useIntents } from '../init-context';
import { SheetIntents } from './sheet-intents';
import type { SheetApi } from './sheet-intents';
import { SheetWindow } from './sheet-window';

function custosApi(): SheetApi {
  const api = findCustos();
  if (!api) throw new Error('window.custos is missing');
  return api;
}

export function useSheetIntents(): SheetIntents {
  const store = useInitStore();
  const { sheetApi } = useIntents();
  return useMemo(
    () => new SheetIntents(store, sheetApi ? () => sheetApi : custosApi),
    [store, sheetApi],
  );
}

/** One sheet window per shown share: it closes when the share leaves the screen (unmount). */
export function useSheetWindow(): SheetWindow {
  const intents = useIntents();
  const sheetIntents = useSheetIntents();
  const sheetWindow = useMemo(
    () =>
      new SheetWindow({
        host: () => window,
        onLeave: (reason) => void intents.hideShare(reason),
        onClosed: () => void sheetIntents.closeSheet(),
      }),
    [intents, sheetIntents],
  );
  useEffect(() => () => sheetWindow.close(), [sheetWindow]);
  return sheetWindow;
}
