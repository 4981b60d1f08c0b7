// What main tells the renderer about a running back-up (dump) of the primary: every exportable
// object is exported under the wrap key to a .yhw file in the ceremony folder
// (spec/yubihsm-setup-interop.md §5). The application key's password travels renderer -> main
// only and never comes back; nothing secret appears in a snapshot.

import { z } from 'zod';
import { BACKUP_STEP_IDS } from './backup-steps';
import {
  ChosenDeviceSchema,
  ProblemSchema,
  StoppedSchema,
  stepsSchema,
  AirGapWarningsSchema,
} from './snapshot-parts';

export { BACKUP_STEP_IDS, BACKUP_STEPS, type BackupStepId } from './backup-steps';

const StepId = z.enum(BACKUP_STEP_IDS);

/** One object on the primary and what the back-up will do (or did) with it. */
export const BackupObjectSchema = z.object({
  objectId: z.number().int(),
  type: z.string(),
  algorithm: z.string(),
  label: z.string(),
  /** The .yhw file name for it (0xNNNN-<type>.yhw), when it can be exported. */
  file: z.string().optional(),
  /**
   * export: will be written. exists: a file of that name is already in the folder and is kept
   * unless the person chooses to replace it. not-exportable: see `reason`.
   * After the run: written, replaced, kept, not-exported or failed.
   */
  status: z.enum([
    'export',
    'exists',
    'not-exportable',
    'written',
    'replaced',
    'kept',
    'not-exported',
    'failed',
  ]),
  reason: z.string().optional(),
});

export const BackupViewSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('source'), folder: z.string().optional() }),
  z.object({
    step: z.literal('primary'),
    /** The application key id from the record, as a default for the form. */
    suggestedAuthKeyId: z.number().int().optional(),
    deviceId: z.string().optional(),
  }),
  z.object({
    step: z.literal('review'),
    wrapKeyId: z.number().int(),
    authKeyId: z.number().int(),
    objects: z.array(BackupObjectSchema),
    /** Only on a simulated primary: generating rehearsal signing keys is offered. */
    sampleKeys: z.object({ offered: z.boolean(), generated: z.array(z.number().int()) }),
  }),
  z.object({
    step: z.literal('export'),
    objects: z.array(BackupObjectSchema),
    finished: z.boolean(),
    /** A sentence: how many files were written, kept, and which objects were not exported. */
    summary: z.string(),
    transcriptHead: z.string().optional(),
  }),
]);

export const BackupSnapshotSchema = z.object({
  ceremonyId: z.string(),
  airGapWarnings: AirGapWarningsSchema,
  rehearsal: z.boolean(),
  steps: stepsSchema(StepId),
  folder: z.string().optional(),
  ceremonyName: z.string().optional(),
  primary: ChosenDeviceSchema.optional(),
  view: BackupViewSchema,
  busy: z.string().optional(),
  problem: ProblemSchema.optional(),
  /**
   * The back-up ended without completing: cancelled (abandoned), or cancelled after the export
   * stopped part-way (failed). `written`: the files this back-up wrote into the ceremony folder
   * before it stopped (they stay, and the record lists them); `notWritten`: the files it was still
   * to write. `deviceTouched`: rehearsal keys were generated on the (simulated) primary.
   */
  stopped: StoppedSchema.extend({
    written: z.array(z.string()),
    notWritten: z.array(z.string()),
  }).optional(),
});

export type BackupObject = z.infer<typeof BackupObjectSchema>;
export type BackupView = z.infer<typeof BackupViewSchema>;
export type BackupSnapshot = z.infer<typeof BackupSnapshotSchema>;
