import type { ReshareSnapshot } from '../../../shared/ceremony/audit-snapshot';
import { createCeremonyContext } from '../../components/ceremony-context';
import type { ReshareIntents } from './intents';

export const {
  Provider: ReshareProvider,
  useCeremonyState: useReshareState,
  useNotices: useReshareNotices,
  useSending: useReshareSending,
  useIntents: useReshareIntents,
  useCeremonyStore: useReshareStore,
} = createCeremonyContext<ReshareSnapshot, ReshareIntents>('reshare');
