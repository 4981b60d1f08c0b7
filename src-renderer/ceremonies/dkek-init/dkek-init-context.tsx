import type { DkekInitSnapshot } from '../../../shared/ceremony/dkek-init-snapshot';
import { createCeremonyContext } from '../../components/ceremony-context';
import type { DkekInitIntents } from './intents';

export const {
  Provider: DkekInitProvider,
  useCeremonyState: useDkekInitState,
  useNotices: useDkekInitNotices,
  useSnapshot: useDkekInitSnapshot,
  useSending: useDkekInitSending,
  useIntents: useDkekInitIntents,
} = createCeremonyContext<DkekInitSnapshot, DkekInitIntents>('DKEK initialisation');
