// What main tells the renderer about a running verification of a clone: the secondary's
// objects compared with the primary's recorded inventory (or the live primary), and each
// restored signing key proven by signing a fresh challenge on the clone and checking it with
// the primary's public key. The application key's password travels renderer -> main only.

import { z } from 'zod';
import { VERIFY_STEP_IDS } from './verify-steps';
import { ObjectComparisonSchema, SignatureCheckSchema } from '../records/ceremony-record';
import {
  ChosenDeviceSchema,
  ProblemSchema,
  stepsSchema,
  AirGapWarningsSchema,
} from './snapshot-parts';

export { VERIFY_STEP_IDS, VERIFY_STEPS, type VerifyStepId } from './verify-steps';

const StepId = z.enum(VERIFY_STEP_IDS);

export const VerifyViewSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('source'), folder: z.string().optional() }),
  z.object({
    step: z.literal('devices'),
    /** The application key id from the record, as a default for the form. */
    suggestedAuthKeyId: z.number().int().optional(),
    /** No record in the folder: the live primary is needed to compare with. */
    needsPrimary: z.boolean(),
    passwordGiven: z.boolean(),
  }),
  z.object({
    step: z.literal('result'),
    against: z.enum(['record', 'live-primary']),
    allMatch: z.boolean(),
    objects: z.array(ObjectComparisonSchema),
    signatures: z.array(SignatureCheckSchema),
    /** File name of the printable report in the ceremony folder. */
    report: z.string(),
    transcriptHead: z.string().optional(),
    summary: z.string(),
  }),
]);

export const VerifySnapshotSchema = z.object({
  ceremonyId: z.string(),
  airGapWarnings: AirGapWarningsSchema,
  rehearsal: z.boolean(),
  steps: stepsSchema(StepId),
  folder: z.string().optional(),
  ceremonyName: z.string().optional(),
  secondary: ChosenDeviceSchema.optional(),
  primary: ChosenDeviceSchema.optional(),
  view: VerifyViewSchema,
  busy: z.string().optional(),
  problem: ProblemSchema.optional(),
});

/** How the renderer goes on after main showed the report. */
export const ReportOpenedSchema = z.discriminatedUnion('kind', [
  /** Main handed the report to the system's viewer (Electron). */
  z.object({ kind: z.literal('viewer') }),
  /** Open this same-origin path in a new window once (browser host). */
  z.object({
    kind: z.literal('page'),
    url: z.string().regex(/^\/print\/report\/[A-Za-z0-9_-]{32,}$/),
  }),
]);

export type ReportOpened = z.infer<typeof ReportOpenedSchema>;
export type VerifyView = z.infer<typeof VerifyViewSchema>;
export type VerifySnapshot = z.infer<typeof VerifySnapshotSchema>;
