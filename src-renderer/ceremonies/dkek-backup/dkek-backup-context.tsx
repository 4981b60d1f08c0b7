import type { DkekBackupSnapshot } from '../../../shared/ceremony/dkek-clone-snapshot';
import { createCeremonyContext } from '../../components/ceremony-context';
import type { DkekBackupIntents } from './intents';

export const {
  Provider: DkekBackupProvider,
  useCeremonyState: useDkekBackupState,
  useNotices: useDkekBackupNotices,
  useSnapshot: useDkekBackupSnapshot,
  useSending: useDkekBackupSending,
  useIntents: useDkekBackupIntents,
} = createCeremonyContext<DkekBackupSnapshot, DkekBackupIntents>('DKEK back-up');
