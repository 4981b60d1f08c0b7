import { describe, expect, it } from 'vitest';
import { RESTORE_STEPS as SHARED } from '../../../shared/ceremony/restore-session';
import { RESTORE_STEPS } from './steps';

describe('the restore screens’ step table', () => {
  it('is the table main’s engine checks intents against', () => {
    expect(RESTORE_STEPS).toEqual(SHARED);
  });
});
