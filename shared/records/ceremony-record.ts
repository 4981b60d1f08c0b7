// ceremony.json: what a witness or a later backup officer reads about a ceremony. It holds the
// plan, the devices, the wrap key's policy and check value, a salted commitment per share and
// the inventory — never a share, a password or key bytes (DESIGN.md "Formats").

import { z } from 'zod';

export const RECORD_FORMAT = 'custos-ceremony/1';

/** 64-bit capability masks are written as 0x + 16 hex digits (JSON has no 64-bit integers). */
export const CapabilityMaskSchema = z
  .string()
  .regex(/^0x[0-9a-f]{16}$/, 'a capability mask is 0x followed by 16 hex digits');

const ObjectId = z.number().int().min(0).max(0xffff);
const IsoTime = z.string().datetime({ offset: true });
const Hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));

export const DeviceRecordSchema = z.object({
  serial: z.number().int().nonnegative(),
  firmware: z.string(),
  transport: z.enum(['usb', 'connector', 'simulator']),
  simulated: z.boolean(),
});

/** One object as GET OBJECT INFO describes it (spec §4.3), plus its public key where it has one. */
export const ObjectRecordSchema = z.object({
  id: ObjectId,
  type: z.string(),
  algorithm: z.string(),
  label: z.string(),
  domains: z.array(z.number().int().min(1).max(16)),
  capabilities: CapabilityMaskSchema,
  capabilityNames: z.array(z.string()),
  delegatedCapabilities: CapabilityMaskSchema,
  sequence: z.number().int().min(0).max(255),
  origin: z.string(),
  /** Hex of GET PUBLIC KEY's key bytes, for asymmetric keys: lets a restore prove the clone signs. */
  publicKey: z
    .string()
    .regex(/^[0-9a-f]+$/)
    .optional(),
});

export const ShareCommitmentSchema = z.object({ salt: Hex(16), digest: Hex(32) });

export const CustodianRecordSchema = z.object({
  /** The share number (x coordinate) this custodian holds: 1..N. */
  index: z.number().int().min(1).max(255),
  name: z.string().min(1),
  commitment: ShareCommitmentSchema,
});

export const WrapKeyRecordSchema = z.object({
  id: ObjectId,
  label: z.string(),
  algorithm: z.string(),
  domains: z.array(z.number().int().min(1).max(16)),
  capabilities: CapabilityMaskSchema,
  delegatedCapabilities: CapabilityMaskSchema,
  /** First 3 bytes of AES-ECB(wrap key, 16 zero bytes), 6 uppercase hex digits. */
  kcv: z.string().regex(/^[0-9A-F]{6}$/),
  shareFormat: z.enum(['yubihsm-setup', 'yubihsm-manager']),
  threshold: z.number().int().min(1).max(255),
  shareCount: z.number().int().min(1).max(255),
});

/** A .yhw file the ceremony wrote, with a digest so a later reader can tell it was not altered. */
export const WrappedFileRecordSchema = z.object({
  file: z.string(),
  objectId: ObjectId,
  type: z.string(),
  sha256: Hex(32),
  writtenAt: IsoTime,
});

export const CeremonyStatusSchema = z.enum(['in-progress', 'completed', 'abandoned', 'failed']);

// Sections later ceremonies add to the same record (back up, restore, verify). Each is optional
// so a record written before they existed still parses, and each run appends one entry.

/** An object the back-up did not write a .yhw for, and why (a sentence). */
export const NotExportedSchema = z.object({
  objectId: ObjectId,
  type: z.string(),
  label: z.string(),
  reason: z.string(),
});

/** One back-up (dump) of the primary under the wrap key. */
export const BackupRecordSchema = z.object({
  at: IsoTime,
  device: DeviceRecordSchema,
  authKeyId: ObjectId,
  wrapKeyId: ObjectId,
  /** Files written (or replaced, when the person chose to) by this back-up. */
  exported: z.array(
    z.object({
      file: z.string(),
      objectId: ObjectId,
      type: z.string(),
      label: z.string(),
      replaced: z.boolean(),
    }),
  ),
  /** Files already in the folder and kept as they were. */
  kept: z.array(z.object({ file: z.string(), objectId: ObjectId, type: z.string() })),
  notExported: z.array(NotExportedSchema),
  /** Rehearsal keys generated on a simulated primary before this back-up, by id. */
  sampleKeys: z.array(ObjectId).optional(),
  /**
   * The back-up stopped before it reached every object (the primary was unplugged, say): why, as a
   * sentence. `exported` lists what was written before it stopped; the objects it did not reach
   * are in `notExported`. Absent for a back-up that ran to its end.
   */
  interrupted: z.string().optional(),
});

export const RestoredFileSchema = z.object({
  file: z.string(),
  outcome: z.enum(['imported', 'skipped', 'failed']),
  objectId: ObjectId.optional(),
  type: z.string().optional(),
  label: z.string().optional(),
  /** Why it was skipped or failed, as a sentence. */
  reason: z.string().optional(),
});

/** One restore of a secondary from shares and the folder's .yhw files. */
export const RestoreRecordSchema = z.object({
  startedAt: IsoTime,
  finishedAt: IsoTime,
  device: DeviceRecordSchema,
  /** completed: every file of this ceremony imported and the factory key deleted. */
  status: z.enum(['completed', 'incomplete', 'failed']),
  statusReason: z.string().optional(),
  /** Share numbers that were recombined (which custodians came), never the shares. */
  shareNumbers: z.array(z.number().int().min(1).max(255)),
  /**
   * The shares were not the ones recorded at the ceremony but rebuilt the recorded wrap key (a
   * re-split): which share numbers matched their commitment and which did not. Absent when the
   * recorded shares were used, and in records written before it was added.
   */
  sharesNotRecorded: z
    .object({
      matched: z.array(z.number().int().min(1).max(255)),
      unmatched: z.array(z.number().int().min(1).max(255)),
    })
    .optional(),
  kcv: z.string().regex(/^[0-9A-F]{6}$/),
  wrapKeyId: ObjectId,
  resumed: z.boolean(),
  files: z.array(RestoredFileSchema),
  /** unknown: the delete was sent and the secondary stopped answering before it said whether it was done. */
  factoryKey: z.enum(['deleted', 'kept', 'unknown']),
  factoryKeyReason: z.string(),
  /** The application key's password was given and opened a session on the secondary. */
  applicationKeyProven: z.boolean(),
});

export const ObjectComparisonSchema = z.object({
  objectId: ObjectId,
  type: z.string(),
  label: z.string(),
  /** not-backed-up: the primary holds it but no .yhw was made, so the clone is not expected to. */
  status: z.enum(['match', 'mismatch', 'missing', 'extra', 'not-backed-up']),
  differences: z.array(z.object({ field: z.string(), expected: z.string(), actual: z.string() })),
  /**
   * The primary's (expected) value of every compared field, the same on the clone or not, so a
   * witness sees what was checked and not only what differs; capability fields also by name.
   * Absent for an object only on the clone, and in records written before it was added.
   */
  expected: z
    .array(
      z.object({ field: z.string(), value: z.string(), names: z.array(z.string()).optional() }),
    )
    .optional(),
});

export const SignatureCheckSchema = z.object({
  objectId: ObjectId,
  algorithm: z.string(),
  status: z.enum(['verified', 'failed', 'not-checked']),
  /** How it was checked (mechanism and hash), or why not. */
  detail: z.string(),
});

/** A key generated on the device, attested by the device's own attestation key. */
export const AttestedKeySchema = z.object({
  objectId: ObjectId,
  algorithm: z.string(),
  /** attested: the certificate verifies under the device's certificate and names this key. */
  status: z.enum(['attested', 'failed']),
  /** What was checked, or what did not hold, as a sentence. */
  detail: z.string(),
  /** The certificate, base64 DER, so a witness can check it again. */
  certificate: z.string().optional(),
});

/** Attestation of the keys the device generated (SIGN ATTESTATION CERTIFICATE, GET OPAQUE 0). */
export const AttestationRecordSchema = z.object({
  available: z.boolean(),
  /** Why attestation was not available on this device or with this key, as a sentence. */
  reason: z.string().optional(),
  /** The device's attestation certificate (GET OPAQUE 0): who issued it, and its digest. */
  deviceCertificate: z
    .object({ subject: z.string(), issuer: z.string(), sha256: Hex(32), selfSigned: z.boolean() })
    .optional(),
  keys: z.array(AttestedKeySchema),
});

/** One comparison of a clone with the primary (its record or the live device). */
export const VerificationRecordSchema = z.object({
  at: IsoTime,
  device: DeviceRecordSchema,
  against: z.enum(['record', 'live-primary']),
  primarySerial: z.number().int().nonnegative(),
  authKeyId: ObjectId,
  allMatch: z.boolean(),
  objects: z.array(ObjectComparisonSchema),
  signatures: z.array(SignatureCheckSchema),
  /** The device's own attestation of the keys it generated; absent in older records. */
  attestation: AttestationRecordSchema.optional(),
  /** The printable report written next to the record. */
  report: z.string(),
});

/** One 32-byte entry of the device's own audit log (protocol spec §8.1), as read, decoded. */
export const AuditLogEntrySchema = z.object({
  number: z.number().int().min(0).max(0xffff),
  command: z.number().int().min(0).max(0xff),
  /** The spec's name for the command ("CREATE SESSION"). */
  commandName: z.string(),
  length: z.number().int().min(0).max(0xffff),
  sessionKey: ObjectId,
  targetKey: ObjectId,
  secondKey: ObjectId,
  result: z.number().int().min(0).max(0xff),
  systick: z.number().int().nonnegative(),
  /** First 16 bytes of SHA-256(bytes 0..15 || previous digest). */
  digest: Hex(16),
  /** The 32 bytes as the device sent them, so anyone can check the chain again. */
  raw: Hex(32),
});

/**
 * The device's own evidence: its audit log read with the audit key at the end of a ceremony,
 * the digest chain checked from the first entry read (which anchors the rest: §8.1).
 */
export const DeviceAuditRecordSchema = z.object({
  at: IsoTime,
  /** Which ceremony's end it was read at. */
  after: z.enum(['initialization', 'restore', 'rotation']),
  device: DeviceRecordSchema,
  authKeyId: ObjectId,
  unloggedBoots: z.number().int().nonnegative(),
  unloggedAuthentications: z.number().int().nonnegative(),
  entries: z.array(AuditLogEntrySchema),
  chain: z.object({
    valid: z.boolean(),
    /** Entries checked against the one before them (all but the anchor). */
    checked: z.number().int().nonnegative(),
    problem: z.string().optional(),
  }),
  /** The last entry's digest: what a later reading must chain from. Absent for an empty log. */
  lastDigest: Hex(16).optional(),
});

/** A device the rotation works through, and how far it got (issue 12 §3). */
export const RotationDeviceSchema = z.object({
  role: z.enum(['primary', 'secondary']),
  serial: z.number().int().nonnegative(),
  /**
   * old-key: only the old wrap key; both-keys: the new one was put beside it (and, on the
   * primary, the objects are being exported under it); new-key: the old wrap key was deleted.
   */
  stage: z.enum(['old-key', 'both-keys', 'new-key']),
  /** The primary's objects were all exported again under the new wrap key. */
  exported: z.boolean().optional(),
  updatedAt: IsoTime.optional(),
});

/**
 * One wrap-key rotation: a new wrap key made and split as on day one, put on every device the
 * record knows, every exportable object exported under it into `backupFolder`, the old key
 * deleted from each device. While in progress, `devices` says which still hold the old key.
 */
export const RotationRecordSchema = z.object({
  startedAt: IsoTime,
  finishedAt: IsoTime.optional(),
  status: z.enum(['in-progress', 'completed', 'abandoned']),
  statusReason: z.string().optional(),
  /** Share numbers of the current set that authorized the rotation (never the shares). */
  authorizedBy: z.array(z.number().int().min(1).max(255)),
  authKeyId: ObjectId,
  oldWrapKey: z.object({ id: ObjectId, kcv: z.string().regex(/^[0-9A-F]{6}$/) }),
  newWrapKey: WrapKeyRecordSchema,
  /** The new set's custodians, with a salted commitment per new share. */
  custodians: z.array(CustodianRecordSchema),
  /** The folder, inside the ceremony folder, that holds the .yhw files made under the new key. */
  backupFolder: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/),
  /** The .yhw files written under the new wrap key (names inside `backupFolder`). */
  files: z.array(WrappedFileRecordSchema),
  notExported: z.array(NotExportedSchema),
  devices: z.array(RotationDeviceSchema),
  /**
   * The .yhw files made under the old wrap key (paths inside the ceremony folder), named for
   * destruction once the rotation completed: Custos never deletes them itself.
   */
  toDestroy: z.array(z.object({ file: z.string(), sha256: Hex(32) })),
});

/** A share proven by an audit: its number and custodian (never the share). */
export const ProvenShareSchema = z.object({
  shareNumber: z.number().int().min(1).max(255),
  custodian: z.string(),
});

/**
 * One share audit (issue 12 §1): custodians came back with their shares, no device. Each share
 * was checked against its custodian's commitment and the set recombined and compared with the
 * recorded check value. Nothing secret: share numbers, names and the check value only.
 */
export const ShareAuditRecordSchema = z.object({
  at: IsoTime,
  /** proven: every share given matched its commitment and the set rebuilt the recorded key. */
  outcome: z.enum(['proven', 'not-proven']),
  /** Which set the shares belong to: the current one, or a set a reshare superseded. */
  shareSet: z.enum(['current', 'superseded']),
  proven: z.array(ProvenShareSchema),
  /** Shares named wrong (not their custodian's recorded share), by number and custodian. */
  wrong: z.array(ProvenShareSchema),
  /** The check value the shares rebuilt, when they rebuilt one. */
  kcv: z
    .string()
    .regex(/^[0-9A-F]{6}$/)
    .optional(),
  /** Why the audit did not prove the set, as a sentence. */
  reason: z.string().optional(),
  /** The printable audit report written next to the record. */
  report: z.string(),
});

/**
 * A share set a reshare replaced (issue 12 §2). Its shares still rebuild the wrap key: a key
 * cannot be revoked by splitting it again, only by rotating it.
 */
export const SupersededShareSetSchema = z.object({
  supersededAt: IsoTime,
  shareFormat: z.enum(['yubihsm-setup', 'yubihsm-manager']),
  threshold: z.number().int().min(1).max(255),
  shareCount: z.number().int().min(1).max(255),
  custodians: z.array(CustodianRecordSchema),
  /** What replaced the set: a reshare (absent, in records before rotation) or a rotation. */
  by: z.enum(['reshare', 'rotation']).optional(),
  /**
   * Said plainly in the record: these shares still rebuild the wrap key (a reshare), or they
   * rebuild only the old wrap key, deleted from every device (a rotation, which names its check value).
   */
  note: z.string(),
});

/**
 * One reshare: M current shares recombined, the same wrap key split again to new custodians.
 * completed: the new set's commitments are the record's `custodians` and the old set is in
 * `supersededShareSets`. never-completed: stopped before every new share was confirmed; the old
 * set stays current and the new shares shown (by number) must be destroyed.
 */
export const ReshareRecordSchema = z.object({
  startedAt: IsoTime,
  finishedAt: IsoTime,
  status: z.enum(['completed', 'never-completed']),
  statusReason: z.string().optional(),
  /** Share numbers of the old set that were recombined. */
  fromShareNumbers: z.array(z.number().int().min(1).max(255)),
  kcv: z.string().regex(/^[0-9A-F]{6}$/),
  shareFormat: z.enum(['yubihsm-setup', 'yubihsm-manager']),
  threshold: z.number().int().min(1).max(255),
  custodians: z.array(z.object({ index: z.number().int().min(1).max(255), name: z.string() })),
  /** New shares that were shown before the reshare ended (by number). */
  sharesShown: z.array(z.number().int().min(1).max(255)),
  verificationRound: z.boolean(),
  /** Said plainly in the record: the old shares still rebuild the wrap key. */
  note: z.string(),
});

export const CeremonyRecordSchema = z.object({
  format: z.literal(RECORD_FORMAT),
  id: z.string().uuid(),
  name: z.string().min(1),
  kind: z.literal('yubihsm2-initialize'),
  rehearsal: z.boolean(),
  status: CeremonyStatusSchema,
  /** A sentence saying why the ceremony stopped where it did, for abandoned / failed ones. */
  statusReason: z.string().optional(),
  /** Which stage was reached: lets a reader tell "nothing was written to the device" apart. */
  stage: z.enum(['planned', 'shares', 'device', 'finished']),
  startedAt: IsoTime,
  finishedAt: IsoTime.optional(),
  tool: z.object({ name: z.literal('Custos'), version: z.string() }),
  /** The plan as reviewed (no passwords, no password file paths). */
  plan: z.record(z.string(), z.unknown()),
  primary: DeviceRecordSchema,
  wrapKey: WrapKeyRecordSchema.optional(),
  custodians: z.array(CustodianRecordSchema),
  inventory: z.array(ObjectRecordSchema),
  files: z.array(WrappedFileRecordSchema),
  backups: z.array(BackupRecordSchema).optional(),
  restores: z.array(RestoreRecordSchema).optional(),
  verifications: z.array(VerificationRecordSchema).optional(),
  /** The devices' own audit logs, read at the end of initialization and restores. */
  deviceAudits: z.array(DeviceAuditRecordSchema).optional(),
  /**
   * Where `files` are, inside the ceremony folder: absent means the ceremony folder itself; a
   * completed rotation moves the current .yhw files into its own folder.
   */
  backupFolder: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/)
    .optional(),
  /** Wrap-key rotations, in order; the last one may still be in progress. */
  rotations: z.array(RotationRecordSchema).optional(),
  /** Share audits (no device): which shares were proven, and when. */
  shareAudits: z.array(ShareAuditRecordSchema).optional(),
  /** Reshares of the wrap key to new custodians, completed or not. */
  reshares: z.array(ReshareRecordSchema).optional(),
  /** Share sets a completed reshare replaced; `custodians` and `wrapKey` describe the current set. */
  supersededShareSets: z.array(SupersededShareSetSchema).optional(),
  /** SHA-256 of the transcript's last line when the record was last written. */
  transcriptHead: Hex(32).optional(),
});

export type DeviceRecord = z.infer<typeof DeviceRecordSchema>;
export type ObjectRecord = z.infer<typeof ObjectRecordSchema>;
export type CustodianRecord = z.infer<typeof CustodianRecordSchema>;
export type WrapKeyRecord = z.infer<typeof WrapKeyRecordSchema>;
export type WrappedFileRecord = z.infer<typeof WrappedFileRecordSchema>;
export type CeremonyStatus = z.infer<typeof CeremonyStatusSchema>;
export type CeremonyRecord = z.infer<typeof CeremonyRecordSchema>;
export type BackupRecord = z.infer<typeof BackupRecordSchema>;
export type RestoredFile = z.infer<typeof RestoredFileSchema>;
export type RestoreRecord = z.infer<typeof RestoreRecordSchema>;
export type ObjectComparison = z.infer<typeof ObjectComparisonSchema>;
export type SignatureCheck = z.infer<typeof SignatureCheckSchema>;
export type VerificationRecord = z.infer<typeof VerificationRecordSchema>;
export type AttestedKey = z.infer<typeof AttestedKeySchema>;
export type AttestationRecord = z.infer<typeof AttestationRecordSchema>;
export type AuditLogEntryRecord = z.infer<typeof AuditLogEntrySchema>;
export type DeviceAuditRecord = z.infer<typeof DeviceAuditRecordSchema>;
export type RotationDevice = z.infer<typeof RotationDeviceSchema>;
export type RotationRecord = z.infer<typeof RotationRecordSchema>;
export type ShareAuditRecord = z.infer<typeof ShareAuditRecordSchema>;
export type SupersededShareSet = z.infer<typeof SupersededShareSetSchema>;
export type ReshareRecord = z.infer<typeof ReshareRecordSchema>;
