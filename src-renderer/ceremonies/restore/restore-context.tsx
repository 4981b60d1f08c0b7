import type { RestoreSnapshot } from '../../../shared/ceremony/restore-snapshot';
import { createCeremonyContext } from '../../components/ceremony-context';
import type { RestoreIntents } from './intents';

export const {
  Provider: RestoreProvider,
  useCeremonyState: useRestoreState,
  useNotices: useRestoreNotices,
  useSnapshot: useRestoreSnapshot,
  useSending: useRestoreSending,
  useIntents: useRestoreIntents,
} = createCeremonyContext<RestoreSnapshot, RestoreIntents>('restore');
