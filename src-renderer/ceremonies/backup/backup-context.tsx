import type { BackupSnapshot } from '../../../shared/ceremony/backup-snapshot';
import { createCeremonyContext } from '../../components/ceremony-context';
import type { BackupIntents } from './intents';

export const {
  Provider: BackupProvider,
  useCeremonyState: useBackupState,
  useNotices: useBackupNotices,
  useSnapshot: useBackupSnapshot,
  useSending: useBackupSending,
  useIntents: useBackupIntents,
} = createCeremonyContext<BackupSnapshot, BackupIntents>('back-up');
