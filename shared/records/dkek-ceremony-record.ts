// ceremony.json of a SmartCard-HSM / Nitrokey HSM 2 / Pico HSM DKEK ceremony: what a witness, a
// later share holder at another site, and the back-up / clone officer read. It holds the device,
// the DKEK mode, every share file's name and fingerprint and the custodians who hold it, the
// DKEK's check value (spec §3) and each share import — never a password, a password share, a
// share, the DKEK or a PIN (src-main/records/secret-guard.ts refuses them on every write).
// A distinct `format` and `kind` from the YubiHSM 2 record: neither reader mistakes the other.

import { z } from 'zod';

export const DKEK_RECORD_FORMAT = 'custos-dkek-ceremony/1';
export const DKEK_RECORD_KIND = 'smartcard-hsm-dkek';

const IsoTime = z.string().datetime({ offset: true });
/** A DKEK (or one share's) check value: SHA-256(key)[0..8] as sc-hsm-tool prints it (spec §3). */
export const KcvSchema = z.string().regex(/^[0-9A-F]{16}$/, 'a check value is 16 hex digits');
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 fingerprint is 64 hex digits');
const Name = z.string().trim().min(1).max(120);

export const DkekDeviceRecordSchema = z.object({
  /** The PC/SC reader ("Nitrokey Nitrokey HSM (DENK0100000) 00 00") or the simulator's state file. */
  reader: z.string().min(1).max(300),
  /** From the device certificate's holder prefix (DENK, DECC, ESPICO…; DESIM/ESPCO simulated). */
  family: z.enum(['smartcard-hsm', 'nitrokey-hsm', 'pico-hsm', 'unknown']),
  /**
   * The serial as OpenSC shows it: the device certificate's holder reference (EF.C_DevAut)
   * without its 5-digit sequence number, e.g. "DENK0100000" (at most 11 characters).
   */
  serial: z.string().min(1).max(16),
  /** "SmartCard-HSM version 3.5", as OpenSC names it. */
  version: z.string().min(1).max(80),
  simulated: z.boolean(),
});

/** Who can open a share file: one custodian's typed password, or a t-of-n password split. */
export const DkekShareHoldersSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('password'), custodian: Name }),
  z.object({
    kind: z.literal('password-split'),
    /** In password share ID order: custodians[0] holds ID 1. */
    custodians: z.array(Name).min(3).max(16),
    threshold: z.number().int().min(2).max(16),
  }),
]);

export const DkekShareFileRecordSchema = z.object({
  /** 1..n, the order of the plan. */
  number: z.number().int().min(1).max(255),
  holders: DkekShareHoldersSchema,
  /** Where the `.pbe` was written, as the plan named it (relative to the plan, or absolute). */
  file: z.string().min(1).max(1000),
  /** SHA-256 of the file's 64 bytes: recognises the file at another site, renamed or not. */
  sha256: Sha256,
  /**
   * SHA-256(share)[0..8], what `custos dkek share check` prints for the file. Safe to keep: the
   * share is 256 random bits, so 64 bits of its digest cannot be turned back into it, and the
   * DKEK's check value cannot be computed from the shares' ones (SHA-256 does not pass XOR
   * through). It lets a holder check a file at home without a device, and an import name the
   * share it was given.
   */
  shareKcv: KcvSchema,
  createdAt: IsoTime,
});

export const DkekImportRecordSchema = z.object({
  /** Which share file (its number above). */
  shareNumber: z.number().int().min(1).max(255),
  /** The device's serial (DkekDeviceRecord.serial): the primary, or a clone at another site. */
  deviceSerial: z.string().min(1).max(16),
  at: IsoTime,
  /** `dkek init` (the ceremony) or a later `dkek import` session (another site, another day). */
  session: z.enum(['ceremony', 'sequential-import', 'clone']),
  /** What the device said after this share: shares still outstanding. */
  outstandingAfter: z.number().int().min(0).max(255),
});

export const DkekCeremonyRecordSchema = z.object({
  format: z.literal(DKEK_RECORD_FORMAT),
  kind: z.literal(DKEK_RECORD_KIND),
  ceremonyId: z.string().uuid(),
  name: Name,
  rehearsal: z.boolean(),
  status: z.enum(['in-progress', 'complete', 'abandoned', 'failed']),
  /** Why it stopped where it did (abandoned, failed): a sentence. */
  statusReason: z.string().max(2000).optional(),
  /** How far it got: "shares" means the share files exist and no device was touched. */
  stage: z.enum(['planned', 'shares', 'device', 'finished']),
  startedAt: IsoTime,
  finishedAt: IsoTime.optional(),
  tool: z.object({ name: z.literal('Custos'), version: z.string() }),
  device: DkekDeviceRecordSchema,
  /** The user PIN's retry counter the device was initialised with (the PINs are never kept). */
  pinRetries: z.number().int().min(1).max(10),
  dkek: z.object({
    /** spec §1: none (no back-up ever), random (only this device unwraps), shares. */
    mode: z.enum(['none', 'random', 'shares']),
    /** Share files the device was initialised for (0 for none and random). */
    shareCount: z.number().int().min(0).max(255),
    shareFiles: z.array(DkekShareFileRecordSchema),
    /**
     * The DKEK's check value: computed from the share files once they are proven to open (or, for
     * a random DKEK, read from the device), and confirmed when a device shows it.
     */
    kcv: KcvSchema.optional(),
    /** When a device first showed `kcv` with every share imported. */
    kcvConfirmedAt: IsoTime.optional(),
  }),
  imports: z.array(DkekImportRecordSchema),
  /** `dkek backup`'s runs (wrapped key files); written by the back-up engine. */
  backups: z.array(z.record(z.string(), z.unknown())).optional(),
  /** `dkek restore` / `dkek verify`'s clones; written by the clone engines. */
  clones: z.array(z.record(z.string(), z.unknown())).optional(),
  /** SHA-256 of the transcript's last line when the record was last written. */
  transcriptHead: Sha256.optional(),
});

export type DkekDeviceRecord = z.infer<typeof DkekDeviceRecordSchema>;
export type DkekShareHolders = z.infer<typeof DkekShareHoldersSchema>;
export type DkekShareFileRecord = z.infer<typeof DkekShareFileRecordSchema>;
export type DkekImportRecord = z.infer<typeof DkekImportRecordSchema>;
export type DkekCeremonyRecord = z.infer<typeof DkekCeremonyRecordSchema>;
