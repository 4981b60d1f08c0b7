import { describe, expect, it } from 'vitest';
import { VERIFY_STEPS as SHARED } from '../../../shared/ceremony/verify-session';
import { VERIFY_STEPS } from './steps';

describe('the verify screens’ step table', () => {
  it('is the table main’s engine checks intents against', () => {
    expect(VERIFY_STEPS).toEqual(SHARED);
  });
});
