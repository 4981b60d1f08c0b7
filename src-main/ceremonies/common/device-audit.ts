// The device's own evidence (issue 12 §7): at the end of a ceremony its audit log is read with
// the audit key, the digest chain is checked (protocol spec §8.1), and the entries with the last
// digest go into the record, with one transcript event that links them (their index in
// `deviceAudits` and the SHA-256 of the entry as written). Reading does not SET LOG INDEX, so
// the device's log is left as it was for the organisation's own audit tooling.

import { createHash } from 'node:crypto';
import type {
  CeremonyRecord,
  DeviceAuditRecord,
  DeviceRecord,
} from '../../../shared/records/ceremony-record';
import { verifyAuditChain } from '../../hsm/yubihsm/client/audit-chain';
import type { LogEntry } from '../../hsm/yubihsm/client/audit-log';
import type { YubiHsmSession } from '../../hsm/yubihsm/client/yubihsm-session';
import { commandName } from '../../hsm/yubihsm/protocol/commands';
import { hexId } from './objects';

export interface DeviceAuditContext {
  after: DeviceAuditRecord['after'];
  device: DeviceRecord;
  authKeyId: number;
  at: Date;
}

/** GET LOG ENTRIES in `session` (the audit key's) and the chain checked. */
export async function readDeviceAudit(
  session: YubiHsmSession,
  context: DeviceAuditContext,
): Promise<DeviceAuditRecord> {
  const log = await session.getLogEntries();
  const chain = verifyAuditChain(log.entries);
  const last = log.entries.at(-1);
  return {
    at: context.at.toISOString(),
    after: context.after,
    device: context.device,
    authKeyId: context.authKeyId,
    unloggedBoots: log.unloggedBoots,
    unloggedAuthentications: log.unloggedAuthentications,
    entries: log.entries.map(entryRecord),
    chain: chain.valid
      ? { valid: true, checked: chain.checked }
      : { valid: false, checked: 0, problem: chain.problem },
    ...(last ? { lastDigest: hex(last.digest) } : {}),
  };
}

function entryRecord(entry: LogEntry): DeviceAuditRecord['entries'][number] {
  return {
    number: entry.number,
    command: entry.command,
    commandName: entryName(entry),
    length: entry.length,
    sessionKey: entry.sessionKey,
    targetKey: entry.targetKey,
    secondKey: entry.secondKey,
    result: entry.result,
    systick: entry.systick,
    digest: hex(entry.digest),
    raw: hex(entry.raw),
  };
}

/**
 * The audit key a ceremony made: the recorded authentication key that can read the log and is
 * not the application key (init's audit key has get-log-entries and exportable-under-wrap only).
 */
export function recordedAuditKeyId(
  record: Pick<CeremonyRecord, 'inventory' | 'plan'>,
  applicationKeyId: number | undefined,
): number | undefined {
  const planned = (record.plan['auditKey'] as { id?: unknown } | undefined)?.id;
  if (typeof planned === 'number' && planned > 0) return planned;
  return record.inventory.find(
    (o) =>
      o.type === 'authentication-key' &&
      o.id !== 1 &&
      o.id !== applicationKeyId &&
      o.capabilityNames.includes('get-log-entries'),
  )?.id;
}

/** The reset and boot entries are not commands (protocol spec §7); the rest by the spec's names. */
function entryName(entry: LogEntry): string {
  if (entry.command === 0xff && entry.sessionKey === 0xffff && entry.targetKey === 0xffff)
    return 'DEVICE RESET';
  if (entry.command === 0 && entry.length === 0 && entry.sessionKey === 0xffff)
    return 'DEVICE BOOT';
  return commandName(entry.command);
}

/** One sentence for screens and the CLI. */
export function describeDeviceAudit(audit: DeviceAuditRecord): string {
  const count = audit.entries.length;
  const entries = `${count} entr${count === 1 ? 'y' : 'ies'}`;
  const span =
    count === 0 ? '' : ` (numbers ${audit.entries[0]!.number} to ${audit.entries.at(-1)!.number})`;
  const chain = audit.chain.valid
    ? `the digest chain holds${audit.lastDigest ? `, last digest ${audit.lastDigest}` : ''}`
    : `THE DIGEST CHAIN IS BROKEN: ${audit.chain.problem}`;
  return `The device's audit log, read with the audit key ${hexId(audit.authKeyId)}: ${entries}${span}; ${chain}.`;
}

/** Appends the reading to the record and logs the transcript event that points at it. */
export async function recordDeviceAudit(
  folder: {
    record: CeremonyRecord;
    log(event: string, data: Record<string, unknown>): Promise<unknown>;
    update(change: (record: CeremonyRecord) => CeremonyRecord): Promise<unknown>;
  },
  audit: DeviceAuditRecord,
): Promise<void> {
  const index = folder.record.deviceAudits?.length ?? 0;
  await folder.log('device-audit-log-read', {
    after: audit.after,
    device: audit.device,
    authKeyId: audit.authKeyId,
    entries: audit.entries.length,
    firstEntry: audit.entries[0]?.number ?? null,
    lastEntry: audit.entries.at(-1)?.number ?? null,
    lastDigest: audit.lastDigest ?? null,
    chainValid: audit.chain.valid,
    ...(audit.chain.problem ? { chainProblem: audit.chain.problem } : {}),
    record: `deviceAudits[${index}]`,
    sha256: auditDigest(audit),
  });
  await folder.update((record) => ({
    ...record,
    deviceAudits: [...(record.deviceAudits ?? []), audit],
  }));
}

/** SHA-256 of the reading as JSON: lets the transcript vouch for the record's copy. */
export function auditDigest(audit: DeviceAuditRecord): string {
  return createHash('sha256').update(JSON.stringify(audit)).digest('hex');
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
