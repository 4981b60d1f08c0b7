// Share maths: what a ceremony spends splitting the wrap secret and what a restore spends
// diagnosing the shares people typed.

import { randomBytes } from 'node:crypto';
import { toCheckedLines } from '../shared/shares/checked-lines';
import { analyzeShareSet } from '../src-main/secrets/share-set';
import { splitForSetup } from '../src-main/secrets/setup-share';
import { splitForManager } from '../src-main/secrets/manager-share';
import { millisecondsPerRun, type Measurement } from './measure';

export async function benchShares(): Promise<Measurement[]> {
  const secret = new Uint8Array(randomBytes(52));
  const rows: Measurement[] = [];
  const setupSplit = await millisecondsPerRun(async () => splitForSetup(secret, 5, 9), 200, 10);
  rows.push({
    name: 'split 52-byte secret, 5-of-9, yubihsm-setup format',
    value: setupSplit.median * 1000,
    unit: 'µs',
  });
  const managerSplit = await millisecondsPerRun(
    async () => splitForManager(secret, 10, 255),
    50,
    3,
  );
  rows.push({
    name: 'split 52-byte secret, 10-of-255, yubihsm-manager format',
    value: managerSplit.median,
    unit: 'ms',
  });
  const shares = splitForSetup(secret, 5, 9);
  const diagnose = await millisecondsPerRun(() => analyzeShareSet(shares), 50, 3);
  rows.push({
    name: 'diagnose 9 typed shares (5-of-9, every subset checked)',
    value: diagnose.median,
    unit: 'ms',
  });
  const lines = await millisecondsPerRun(async () => toCheckedLines(shares[0]!), 2000, 50);
  rows.push({ name: 'checked lines for one share', value: lines.median * 1000, unit: 'µs' });
  secret.fill(0);
  return rows;
}
