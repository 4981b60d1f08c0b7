// The ceremonies Custos offers (DESIGN.md, Ceremonies), in the order the home screen lists
// them. `available` flips to true as each ceremony's engine lands.

export type CeremonyId = 'init' | 'print' | 'dump' | 'restore' | 'verify' | 'share-audit' | 'reshare' | 'dkek';

export interface CeremonyEntry {
  readonly id: CeremonyId;
  readonly title: string;
  readonly summary: string;
  readonly available: boolean;
}

export const CEREMONIES: readonly CeremonyEntry[] = [
  {
    id: 'init',
    title: 'Initialize primary',
    summary: 'Create a wrap key on a factory-fresh YubiHSM 2 and split it among the key custodians.',
    available: true,
  },
  {
    id: 'print',
    title: 'Print share sheets',
    summary: 'One sheet per custodian: share text, QR code, check value and signature lines.',
    available: false,
  },
  {
    id: 'dump',
    title: 'Back up (dump)',
    summary: 'Export every exportable object under the wrap key to .yhw files.',
    available: false,
  },
  {
    id: 'restore',
    title: 'Restore secondary',
    summary: 'Rebuild the wrap key from custodians’ shares and import the .yhw backups into a second YubiHSM 2.',
    available: false,
  },
  {
    id: 'verify',
    title: 'Verify clone',
    summary: 'Compare the secondary’s objects with the primary’s record and prove a restored key signs.',
    available: false,
  },
  {
    id: 'share-audit',
    title: 'Share audit',
    summary: 'Custodians prove their shares still recombine to the recorded check value, with no device.',
    available: false,
  },
  {
    id: 'reshare',
    title: 'Reshare',
    summary: 'Deal the same wrap key to new custodians or a new threshold.',
    available: false,
  },
  {
    id: 'dkek',
    title: 'DKEK ceremony',
    summary: 'SmartCard-HSM, Nitrokey HSM 2, Pico HSM: create and import sc-hsm-tool DKEK shares.',
    available: false,
  },
];
