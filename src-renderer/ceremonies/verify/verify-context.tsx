import type { VerifySnapshot } from '../../../shared/ceremony/verify-snapshot';
import { createCeremonyContext } from '../../components/ceremony-context';
import type { VerifyIntents } from './intents';

export const {
  Provider: VerifyProvider,
  useCeremonyState: useVerifyState,
  useNotices: useVerifyNotices,
  useSnapshot: useVerifySnapshot,
  useSending: useVerifySending,
  useIntents: useVerifyIntents,
} = createCeremonyContext<VerifySnapshot, VerifyIntents>('verification');
