import type { DkekVerifySnapshot } from '../../../shared/ceremony/dkek-clone-snapshot';
import { createCeremonyContext } from '../../components/ceremony-context';
import type { DkekVerifyIntents } from './intents';

export const {
  Provider: DkekVerifyProvider,
  useCeremonyState: useDkekVerifyState,
  useNotices: useDkekVerifyNotices,
  useSnapshot: useDkekVerifySnapshot,
  useSending: useDkekVerifySending,
  useIntents: useDkekVerifyIntents,
} = createCeremonyContext<DkekVerifySnapshot, DkekVerifyIntents>('DKEK verification');
