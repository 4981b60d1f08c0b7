// The part-number page of GET DEVICE INFO (spec §4.3, firmware >= 2.4: request `01`). A real
// device reports its chip designator, which no public source records; Custos's simulator
// names itself instead, so a client on the far side of a connector can tell it from hardware.

export const SIMULATOR_PART_NUMBER = 'CUSTOS-SIMULATED-YUBIHSM2';

/** The one-byte request payload asking DEVICE INFO for its part-number page. */
export const PART_NUMBER_PAGE = 1;

/** Firmware from which DEVICE INFO has the part-number page. */
export function hasPartNumberPage(major: number, minor: number): boolean {
  return major > 2 || (major === 2 && minor >= 4);
}
