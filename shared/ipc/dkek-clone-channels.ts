// The IPC channels of the SmartCard-HSM family's DKEK key ceremonies (issue 10): back up the
// primary's keys, clone a secondary, verify it. Spread into shared/ipc/contract.ts. PINs and
// share passwords travel renderer -> main only and never come back; every request is strict
// and bounded. A device is named by the id the SmartCard list gives, a folder by its full path
// (main's folder guard checks it).

import { z } from 'zod';
import { LEAVE_REASONS } from '../ceremony/custodian-turn';
import {
  DkekBackupSnapshotSchema,
  DkekRestoreSnapshotSchema,
  DkekVerifySnapshotSchema,
} from '../ceremony/dkek-clone-snapshot';
import { ReportOpenedSchema } from '../ceremony/verify-snapshot';

const Empty = z.object({}).strict();
const Folder = z.object({ folder: z.string().min(1).max(4096) }).strict();
const DeviceId = z.string().min(1).max(400);
/** The user PIN: 6 to 16 characters (spec §5.2). */
const Pin = z.string().min(6).max(16);

export const DKEK_CLONE_CHANNELS = {
  'dkek-backup/current': {
    method: 'dkekBackupCurrent',
    request: Empty,
    response: DkekBackupSnapshotSchema.nullable(),
  },
  'dkek-backup/start': {
    method: 'dkekBackupStart',
    request: Empty,
    response: DkekBackupSnapshotSchema,
  },
  'dkek-backup/choose-folder': {
    method: 'dkekBackupChooseFolder',
    request: Folder,
    response: DkekBackupSnapshotSchema,
  },
  'dkek-backup/choose-device': {
    method: 'dkekBackupChooseDevice',
    request: z.object({ deviceId: DeviceId, pin: Pin }).strict(),
    response: DkekBackupSnapshotSchema,
  },
  'dkek-backup/run': {
    method: 'dkekBackupRun',
    request: Empty,
    response: DkekBackupSnapshotSchema,
  },
  'dkek-backup/cancel': {
    method: 'dkekBackupCancel',
    request: Empty,
    response: DkekBackupSnapshotSchema,
  },
  'dkek-backup/close': { method: 'dkekBackupClose', request: Empty, response: z.null() },

  'dkek-restore/current': {
    method: 'dkekRestoreCurrent',
    request: Empty,
    response: DkekRestoreSnapshotSchema.nullable(),
  },
  /** clone (default): a secondary from the back-up; import: the sequential import across sites. */
  'dkek-restore/start': {
    method: 'dkekRestoreStart',
    request: z.object({ mode: z.enum(['clone', 'import']).optional() }).strict(),
    response: DkekRestoreSnapshotSchema,
  },
  'dkek-restore/choose-folder': {
    method: 'dkekRestoreChooseFolder',
    request: Folder,
    response: DkekRestoreSnapshotSchema,
  },
  'dkek-restore/choose-device': {
    method: 'dkekRestoreChooseDevice',
    request: z
      .object({
        deviceId: DeviceId,
        pin: Pin,
        soPin: z
          .string()
          .regex(/^[0-9A-Fa-f]{16}$/)
          .optional(),
      })
      .strict(),
    response: DkekRestoreSnapshotSchema,
  },
  /** Sequential import, at the handover: which share the holder at the screen brought. */
  'dkek-restore/choose-share': {
    method: 'dkekRestoreChooseShare',
    request: z.object({ shareNumber: z.number().int().min(1).max(255) }).strict(),
    response: DkekRestoreSnapshotSchema,
  },
  /** The share holder is at the screen: the entry opens. */
  'dkek-restore/begin-turn': {
    method: 'dkekRestoreBeginTurn',
    request: Empty,
    response: DkekRestoreSnapshotSchema,
  },
  /** Esc, blur, idle or the holder's button: what was entered is forgotten, nothing imported. */
  'dkek-restore/leave-turn': {
    method: 'dkekRestoreLeaveTurn',
    request: z.object({ reason: z.enum(LEAVE_REASONS) }).strict(),
    response: DkekRestoreSnapshotSchema,
  },
  /** One custodian's password share (sc-hsm-tool's three lines and Custos's check word). */
  'dkek-restore/add-password-share': {
    method: 'dkekRestoreAddPasswordShare',
    request: z
      .object({
        prime: z.string().min(1).max(64),
        id: z.string().min(1).max(8),
        value: z.string().min(1).max(64),
        checkWord: z.string().max(32).optional(),
      })
      .strict(),
    response: DkekRestoreSnapshotSchema,
  },
  /** The holder's share opened (their typed password, or the password shares entered) and imported. */
  'dkek-restore/import-share': {
    method: 'dkekRestoreImportShare',
    request: z.object({ password: z.string().min(1).max(256).optional() }).strict(),
    response: DkekRestoreSnapshotSchema,
  },
  /** From the cleared screen to the next share holder. */
  'dkek-restore/next-turn': {
    method: 'dkekRestoreNextTurn',
    request: Empty,
    response: DkekRestoreSnapshotSchema,
  },
  'dkek-restore/unwrap': {
    method: 'dkekRestoreUnwrap',
    request: Empty,
    response: DkekRestoreSnapshotSchema,
  },
  'dkek-restore/cancel': {
    method: 'dkekRestoreCancel',
    request: Empty,
    response: DkekRestoreSnapshotSchema,
  },
  'dkek-restore/close': { method: 'dkekRestoreClose', request: Empty, response: z.null() },

  'dkek-verify/current': {
    method: 'dkekVerifyCurrent',
    request: Empty,
    response: DkekVerifySnapshotSchema.nullable(),
  },
  'dkek-verify/start': {
    method: 'dkekVerifyStart',
    request: Empty,
    response: DkekVerifySnapshotSchema,
  },
  'dkek-verify/choose-folder': {
    method: 'dkekVerifyChooseFolder',
    request: Folder,
    response: DkekVerifySnapshotSchema,
  },
  'dkek-verify/verify': {
    method: 'dkekVerifyVerify',
    request: z.object({ deviceId: DeviceId, pin: Pin }).strict(),
    response: DkekVerifySnapshotSchema,
  },
  /** The printable report of the verification on screen, named by its ceremony id only. */
  'dkek-verify/open-report': {
    method: 'dkekVerifyOpenReport',
    request: z.object({ ceremonyId: z.string().min(1).max(64) }).strict(),
    response: z.object({ opened: ReportOpenedSchema, snapshot: DkekVerifySnapshotSchema }),
  },
  'dkek-verify/cancel': {
    method: 'dkekVerifyCancel',
    request: Empty,
    response: DkekVerifySnapshotSchema,
  },
  'dkek-verify/close': { method: 'dkekVerifyClose', request: Empty, response: z.null() },
} as const;

export const DKEK_CLONE_EVENTS = {
  /** The DKEK back-up moved on its own (each key wrapped). */
  'dkek-backup/snapshot': DkekBackupSnapshotSchema.nullable(),
  /** The DKEK clone moved on its own (each file unwrapped). */
  'dkek-restore/snapshot': DkekRestoreSnapshotSchema.nullable(),
  /** The DKEK verification moved on its own (busy while comparing). */
  'dkek-verify/snapshot': DkekVerifySnapshotSchema.nullable(),
} as const;
