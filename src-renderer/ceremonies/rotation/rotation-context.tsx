import type { RotationSnapshot } from '../../../shared/ceremony/rotation-snapshot';
import { createCeremonyContext } from '../../components/ceremony-context';
import type { RotationIntents } from './intents';

export const {
  Provider: RotationProvider,
  useCeremonyState: useRotationState,
  useNotices: useRotationNotices,
  useSending: useRotationSending,
  useIntents: useRotationIntents,
} = createCeremonyContext<RotationSnapshot, RotationIntents>('rotation');
