// The one place a domain refusal becomes a contract code: the router answers a thrown Refusal
// with `{ ok: false, code, message }`, the code from this table.

import type { ErrorCode } from '../../shared/ipc/result';
import type { RefusalKind } from '../refusal/refusal';

export const REFUSAL_CODES: Readonly<Record<RefusalKind, ErrorCode>> = {
  'not-found': 'not-found',
  'device-missing': 'device-missing',
  'device-error': 'device-error',
  'wrong-password': 'wrong-password',
  'not-factory-fresh': 'not-factory-fresh',
  conflict: 'conflict',
  'invalid-input': 'invalid-input',
  'io-error': 'io-error',
  cancelled: 'cancelled',
};
