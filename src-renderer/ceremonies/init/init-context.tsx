// The ceremony's store and intents reach its screens through context (the shared
// createCeremonyContext), so each window (and each render test) has its own, and no screen keeps
// a snapshot of its own.

import type { InitSnapshot } from '../../../shared/ceremony/init-snapshot';
import { createCeremonyContext } from '../../components/ceremony-context';
import type { InitIntents } from './intents';

export const {
  Provider: InitProvider,
  useCeremonyState: useInitState,
  useNotices: useInitNotices,
  useSnapshot,
  useSending,
  useIntents,
  useCeremonyStore: useInitStore,
} = createCeremonyContext<InitSnapshot, InitIntents>('initialization');
