// SmartCard-HSM / Nitrokey HSM 2 / Pico HSM devices as the renderer sees them: the simulated pair
// and cards in PC/SC readers, with whether PC/SC works here and, when not, how to get it.
// Descriptions and status only, never handles; no KCV of a DKEK still being built (spec §7.1).

import { z } from 'zod';

export const SmartCardStatusSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('checking') }),
  /** A reader with no card in it. */
  z.object({ kind: z.literal('no-card') }),
  /** A card that is not a SmartCard-HSM (no such application). */
  z.object({ kind: z.literal('other-card') }),
  z.object({
    kind: z.literal('ready'),
    /** "SmartCard-HSM version 3.5", as OpenSC names it. */
    version: z.string(),
    dkek: z.discriminatedUnion('state', [
      z.object({ state: z.literal('not-initialised') }),
      z.object({ state: z.literal('no-dkek') }),
      z.object({
        state: z.literal('pending'),
        total: z.number().int(),
        outstanding: z.number().int(),
      }),
      z.object({ state: z.literal('complete'), total: z.number().int(), kcv: z.string() }),
      /** A Pico HSM shows the KCV only after VERIFY: never shown as a value here. */
      z.object({ state: z.literal('kcv-hidden'), total: z.number().int() }),
    ]),
  }),
  z.object({ kind: z.literal('unreachable'), reason: z.string() }),
]);

export const SmartCardViewSchema = z.object({
  /** "sim-schsm:primary", "pcsc:<reader name>". */
  id: z.string(),
  /** "Simulated SmartCard-HSM primary", or the reader's name. */
  name: z.string(),
  transport: z.enum(['pcsc', 'simulator']),
  simulated: z.boolean(),
  status: SmartCardStatusSchema,
});

export const PcscSupportSchema = z.discriminatedUnion('available', [
  z.object({ available: z.literal(true) }),
  /** Why not, as a sentence that says what to do (start pcscd, install libpcsclite-dev). */
  z.object({ available: z.literal(false), reason: z.string() }),
]);

export const SmartCardListSchema = z.object({
  /** Absent while Custos is still looking. */
  pcsc: PcscSupportSchema.optional(),
  cards: z.array(SmartCardViewSchema),
});

export type SmartCardStatus = z.infer<typeof SmartCardStatusSchema>;
export type SmartCardView = z.infer<typeof SmartCardViewSchema>;
export type PcscSupport = z.infer<typeof PcscSupportSchema>;
export type SmartCardList = z.infer<typeof SmartCardListSchema>;
