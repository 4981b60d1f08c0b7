import { describe, expect, it } from 'vitest';
import { DUMP_STEPS as SHARED } from '../../../shared/ceremony/dump-session';
import { DUMP_STEPS } from './steps';

describe('the dump screens’ step table', () => {
  it('is the table main’s engine checks intents against', () => {
    expect(DUMP_STEPS).toEqual(SHARED);
  });
});
