import type { AuditSnapshot } from '../../../shared/ceremony/audit-snapshot';
import { createCeremonyContext } from '../../components/ceremony-context';
import type { AuditIntents } from './intents';

export const {
  Provider: AuditProvider,
  useCeremonyState: useAuditState,
  useNotices: useAuditNotices,
  useSending: useAuditSending,
  useIntents: useAuditIntents,
} = createCeremonyContext<AuditSnapshot, AuditIntents>('share audit');
