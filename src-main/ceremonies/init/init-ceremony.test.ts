import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InitPlanInput } from '../../../shared/ceremony/init-plan';
import { CeremonyRecordSchema } from '../../../shared/records/ceremony-record';
import { YubiHsmClient } from '../../hsm/yubihsm/client/yubihsm-client';
import { ObjectType } from '../../hsm/yubihsm/protocol/object-types';
import { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { createLogger } from '../../log/logger';
import { checkTranscript } from '../../records/transcript';
import { verifyShareCommitment } from '../../secrets/commitments';
import { recoverLikeSetup } from '../../secrets/setup-share';
import { InitEngine } from './init-engine';
import { combinations } from './verification-round';
import {
  driveShares,
  driveToReview,
  driveVerification,
  runDeviceSteps,
  view,
} from './testing/drive';
import { recombine, restoreOnSecondary } from './testing/secondary';
import { TestDevices } from './testing/test-devices';
import { TempFolders } from '../../testing/temp-folders';

const temp = new TempFolders('custos-ceremony-');
afterEach(() => temp.removeAll());

const APP_PASSWORD = 'correct horse battery';
const AUDIT_PASSWORD = 'audit staple 42';

async function ceremony(plan: InitPlanInput) {
  const devices = await TestDevices.create();
  const engine = new InitEngine({
    devices,
    logger: createLogger({ sinks: [] }),
    toolVersion: '0.0.0-test',
    network: () => ({ airGapped: true, interfaces: [] }),
  });
  const parent = temp.make();
  const folder = join(parent, 'ceremony');
  await driveToReview(engine, devices.id, {
    plan,
    applicationPassword: APP_PASSWORD,
    ...(plan.auditKey ? { auditPassword: AUDIT_PASSWORD } : {}),
    folder,
  });
  const begun = await engine.begin();
  expect(view(begun, 'shares')).toMatchObject({ phase: 'handover', custodian: { index: 1 } });
  const shares = await driveShares(engine);
  if (plan.verificationRound) {
    const result = view(await driveVerification(engine, shares), 'verification');
    expect(result.result?.allMatch).toBe(true);
  }
  const done = await runDeviceSteps(engine);
  return { engine, devices, folder, shares, done };
}

async function expectFactoryKeyGone(devices: TestDevices): Promise<void> {
  const client = new YubiHsmClient(new SimulatorTransport(devices.device));
  try {
    await expect(client.openSession(1, { password: 'password' })).rejects.toMatchObject({
      name: 'YubiHsmDeviceError',
      errorName: 'OBJECT_NOT_FOUND',
    });
  } finally {
    await client.close();
  }
}

/** ceremony.json and transcript.jsonl after a completed ceremony. */
function expectCompletedRecord(
  folder: string,
  shares: readonly string[],
  kcv: string,
  transcriptHead: string,
) {
  const record = CeremonyRecordSchema.parse(
    JSON.parse(readFileSync(join(folder, 'ceremony.json'), 'utf8')),
  );
  expect(record).toMatchObject({
    status: 'completed',
    stage: 'finished',
    rehearsal: true,
    primary: { serial: 12_345_678, firmware: '2.4.0', transport: 'simulator', simulated: true },
  });
  expect(record.wrapKey).toMatchObject({
    kcv,
    threshold: Number(shares[0]!.split('-')[0]),
    shareCount: shares.length,
    label: 'Wrap key',
    algorithm: 'aes256-ccm-wrap',
  });
  record.custodians.forEach((custodian, index) => {
    expect(custodian.index).toBe(index + 1);
    expect(verifyShareCommitment(shares[index]!, custodian.commitment)).toBe(true);
    expect(verifyShareCommitment(shares[(index + 1) % shares.length]!, custodian.commitment)).toBe(
      false,
    );
  });
  const transcript = checkTranscript(readFileSync(join(folder, 'transcript.jsonl'), 'utf8'));
  expect(transcript.ok).toBe(true);
  expect(transcript.ok && transcript.head).toBe(transcriptHead);
  expect(record.transcriptHead).toBe(transcriptHead);
  return { record, events: transcript.ok ? transcript.lines.map((line) => line.event) : [] };
}

describe('an initialization against a simulated primary', () => {
  it('2-of-3: shares recombine in every pair, restore on a second simulator, and the application key logs in there', async () => {
    const plan: InitPlanInput = {
      ceremony: 'Two of three',
      custodians: ['Ann', 'Bob', 'Cy'],
      threshold: 2,
      domains: [1],
      wrapKey: { id: 0 },
      applicationKey: { id: 0 },
      auditKey: { id: 0 },
    };
    const { devices, folder, shares, done } = await ceremony(plan);
    const record = view(done, 'record');
    expect(record.files).toEqual([
      'ceremony.json',
      'transcript.jsonl',
      '0x0003-authentication-key.yhw',
      '0x0004-authentication-key.yhw',
    ]);
    expect(record.inventory.map((object) => [object.type, object.id, object.label])).toEqual([
      ['wrap-key', 2, 'Wrap key'],
      ['authentication-key', 3, 'Application auth key'],
      ['authentication-key', 4, 'Audit auth key'],
    ]);
    expect(shares.every((share) => /^2-[1-3]-[A-Za-z0-9+/]{70}$/.test(share))).toBe(true);

    for (const pair of combinations(shares, 2)) {
      const { secret, kcv } = await recombine(pair);
      expect(kcv).toBe(record.kcv);
      expect(secret).toMatchObject({
        wrapKeyId: 2,
        domains: 1,
        capabilities: 0x3000n,
        delegatedCapabilities: 0x010539f0n,
      });
      secret.key.fill(0);
    }
    // What yubihsm-setup restore itself would recover from the last two.
    const likeSetup = recoverLikeSetup(shares.slice(1));
    expect(likeSetup.ok).toBe(true);

    const { secret } = await recombine([shares[2]!, shares[0]!]);
    const proof = await restoreOnSecondary(folder, secret, 3, APP_PASSWORD);
    secret.key.fill(0);
    expect(proof.imported).toEqual([
      { type: ObjectType.AuthenticationKey, id: 3 },
      { type: ObjectType.AuthenticationKey, id: 4 },
    ]);
    expect(proof.visibleToApplicationKey).toEqual(
      expect.arrayContaining([
        { id: 2, type: ObjectType.WrapKey },
        { id: 3, type: ObjectType.AuthenticationKey },
      ]),
    );

    const { events } = expectCompletedRecord(folder, shares, record.kcv, record.transcriptHead);
    expect(events.slice(0, 4)).toEqual([
      'ceremony-started',
      'air-gap-preflight',
      'shares-made',
      'share-shown',
    ]);
    // The machine surveyed at preflight and again at the end, both in the transcript.
    expect(events).toContain('air-gap-end');
    expect(events.at(-1)).toBe('ceremony-completed');
    await expectFactoryKeyGone(devices);
  });

  it('3-of-5 with full confirmation, a verification round and RSA decryption: any three restore on a second simulator', async () => {
    const plan: InitPlanInput = {
      ceremony: 'Three of five',
      custodians: [
        'Ada Lovelace',
        'Grace Hopper',
        'Katherine Johnson',
        'Radia Perlman',
        'Frances Allen',
      ],
      threshold: 3,
      domains: [1, 3],
      wrapKey: { id: 0x20 },
      applicationKey: { id: 0x21 },
      rsaDecrypt: true,
      shareConfirmation: 'full',
      verificationRound: true,
    };
    const { devices, folder, shares, done } = await ceremony(plan);
    const record = view(done, 'record');
    expect(done.steps.done).toEqual([
      'preflight',
      'plan',
      'review',
      'shares',
      'verification',
      'device-steps',
    ]);
    for (const triple of combinations(shares, 3)) {
      const { secret, kcv } = await recombine(triple);
      expect(kcv).toBe(record.kcv);
      expect(secret).toMatchObject({
        wrapKeyId: 0x20,
        domains: 0b101,
        capabilities: 0x3000n,
        delegatedCapabilities: 0x01053ff0n,
      });
      secret.key.fill(0);
    }
    const { secret } = await recombine([shares[1]!, shares[3]!, shares[4]!]);
    const proof = await restoreOnSecondary(folder, secret, 0x21, APP_PASSWORD);
    secret.key.fill(0);
    expect(proof.imported).toEqual([{ type: ObjectType.AuthenticationKey, id: 0x21 }]);
    const { record: written, events } = expectCompletedRecord(
      folder,
      shares,
      record.kcv,
      record.transcriptHead,
    );
    expect(written.inventory.find((object) => object.id === 0x21)).toMatchObject({
      capabilities: '0x0000000000053ff0',
      delegatedCapabilities: '0x0000000000050ff0',
      origin: 'imported',
    });
    expect(events).toContain('verification-result');
    await expectFactoryKeyGone(devices);
  });

  it('writes yubihsm-manager shares when the plan asks, and they restore as well', async () => {
    const plan: InitPlanInput = {
      ceremony: 'Manager format',
      custodians: ['Ann', 'Bob', 'Cy'],
      threshold: 2,
      domains: [2],
      wrapKey: { id: 0 },
      applicationKey: { id: 0 },
      shareFormat: 'yubihsm-manager',
    };
    const { folder, shares, done } = await ceremony(plan);
    const record = view(done, 'record');
    expect(shares.every((share) => /^2-[1-3]-[0-9a-f]{104}$/.test(share))).toBe(true);
    const { secret, kcv } = await recombine([shares[0]!, shares[2]!]);
    expect(kcv).toBe(record.kcv);
    const proof = await restoreOnSecondary(folder, secret, 3, APP_PASSWORD);
    secret.key.fill(0);
    expect(proof.imported).toEqual([{ type: ObjectType.AuthenticationKey, id: 3 }]);
  });

  it('keeps the factory key on a simulated primary when the plan says so', async () => {
    const plan: InitPlanInput = {
      ceremony: 'Keep',
      custodians: ['Ann', 'Bob'],
      threshold: 2,
      domains: [1],
      wrapKey: { id: 0 },
      applicationKey: { id: 0 },
      keepFactoryKey: true,
      shareConfirmation: 'none',
    };
    const { devices, done } = await ceremony(plan);
    const steps = view(done, 'record');
    expect(steps.inventory.map((object) => object.id)).toEqual([1, 2, 3]);
    const client = new YubiHsmClient(new SimulatorTransport(devices.device));
    const session = await client.openSession(1, { password: 'password' });
    await session.close();
    await client.close();
  });
});
