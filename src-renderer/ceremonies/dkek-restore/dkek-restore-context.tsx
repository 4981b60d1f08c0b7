import type { DkekRestoreSnapshot } from '../../../shared/ceremony/dkek-clone-snapshot';
import { createCeremonyContext } from '../../components/ceremony-context';
import type { DkekRestoreIntents } from './intents';

export const {
  Provider: DkekRestoreProvider,
  useCeremonyState: useDkekRestoreState,
  useNotices: useDkekRestoreNotices,
  useSnapshot: useDkekRestoreSnapshot,
  useSending: useDkekRestoreSending,
  useIntents: useDkekRestoreIntents,
} = createCeremonyContext<DkekRestoreSnapshot, DkekRestoreIntents>('DKEK clone');
