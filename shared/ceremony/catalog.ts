// The ceremonies Custos offers (DESIGN.md, Ceremonies), in the order the home screen lists
// them. `available` flips to true as each ceremony's screens land. An entry with `happensIn`
// is not a ceremony of its own: the home screen says where it happens instead.

export type CeremonyId =
  | 'init'
  | 'print'
  | 'dump'
  | 'restore'
  | 'verify'
  | 'rotate'
  | 'share-audit'
  | 'reshare'
  | 'dkek-init'
  | 'dkek-backup'
  | 'dkek-restore'
  | 'dkek-import'
  | 'dkek-verify';

export interface CeremonyEntry {
  readonly id: CeremonyId;
  readonly title: string;
  readonly summary: string;
  /** The ceremony has screens and can be started from the home screen. */
  readonly available: boolean;
  /** Not a ceremony to start: a sentence saying where and when it is done. */
  readonly happensIn?: string;
}

export const CEREMONIES: readonly CeremonyEntry[] = [
  {
    id: 'init',
    title: 'Initialize primary',
    summary:
      'Create a wrap key on a factory-fresh YubiHSM 2 and split it among the key custodians.',
    available: true,
  },
  {
    id: 'print',
    title: 'Print share sheets',
    summary: 'One sheet per custodian: share text, QR code, check value and signature lines.',
    available: false,
    // Shares exist only during the initialization (they are never stored), so a sheet can only
    // be printed while its custodian's share is on screen.
    happensIn:
      'Printed on each custodian’s turn in Initialize primary, while their share is on screen; shares are never stored, so there is nothing to print later. To practise printing, rehearse an initialization on the simulated primary.',
  },
  {
    id: 'dump',
    title: 'Back up (dump)',
    summary: 'Export every exportable object under the wrap key to .yhw files.',
    available: true,
  },
  {
    id: 'restore',
    title: 'Restore secondary',
    summary:
      'Rebuild the wrap key from custodians’ shares and import the .yhw backups into a second YubiHSM 2.',
    available: true,
  },
  {
    id: 'verify',
    title: 'Verify clone',
    summary:
      'Compare the secondary’s objects with the primary’s record and prove a restored key signs.',
    available: true,
  },
  {
    id: 'rotate',
    title: 'Rotate wrap key',
    summary:
      'When a share may be exposed: a new wrap key and new shares, put on every device, backups made again, the old key deleted.',
    available: true,
  },
  {
    id: 'share-audit',
    title: 'Share audit',
    summary:
      'Custodians prove their shares still recombine to the recorded check value, with no device.',
    available: true,
  },
  {
    id: 'reshare',
    title: 'Reshare',
    summary: 'Deal the same wrap key to new custodians or a new threshold.',
    available: true,
  },
  {
    id: 'dkek-init',
    title: 'Initialise with a DKEK',
    summary:
      'SmartCard-HSM, Nitrokey HSM 2, Pico HSM: initialise the device and give it a DKEK from share files held by custodians.',
    available: true,
  },
  {
    id: 'dkek-backup',
    title: 'Back up keys under the DKEK',
    summary:
      'SmartCard-HSM, Nitrokey HSM 2, Pico HSM: wrap every key of the primary under its DKEK into files sc-hsm-tool reads.',
    available: true,
  },
  {
    id: 'dkek-restore',
    title: 'Clone a second device (DKEK)',
    summary:
      'SmartCard-HSM, Nitrokey HSM 2, Pico HSM: the share holders import the same DKEK shares into a second device, then every wrapped key is unwrapped into it.',
    available: true,
  },
  {
    id: 'dkek-import',
    title: 'Import the next DKEK share',
    summary:
      'SmartCard-HSM, Nitrokey HSM 2, Pico HSM: a device initialised for n shares travels; at each site the next share holder imports theirs, and the last one’s KCV is compared with the record.',
    available: true,
  },
  {
    id: 'dkek-verify',
    title: 'Verify a DKEK clone',
    summary:
      'SmartCard-HSM, Nitrokey HSM 2, Pico HSM: compare the clone with the record (KCV, keys) and prove each signing key signs.',
    available: true,
  },
];
