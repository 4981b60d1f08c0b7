import type { DumpSnapshot } from '../../../shared/ceremony/dump-session';
import { createCeremonyContext } from '../../components/ceremony-context';
import type { DumpIntents } from './intents';

export const {
  Provider: DumpProvider,
  useCeremonyState: useDumpState,
  useSnapshot: useDumpSnapshot,
  useSending: useDumpSending,
  useIntents: useDumpIntents,
} = createCeremonyContext<DumpSnapshot, DumpIntents>('back-up');
