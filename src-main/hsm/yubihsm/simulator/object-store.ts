// The simulated device's object storage (spec §5.1, §7): 256 record slots and 1024 pages of 126
// bytes. A new object takes the lowest free slot, which is why LIST OBJECTS answers in storage
// order rather than sorted by id (spec §10.6).

import { concatBytes, u16 } from '../protocol/bytes';
import { refuse } from './device-failure';
import { destroyObject, reportedLength, type HsmObject } from './hsm-object';

export const TOTAL_RECORDS = 256;
export const TOTAL_PAGES = 1024;
export const PAGE_SIZE = 126;
/** Ids 0x0000 and 0xFFFF are the device's own (spec §5.1). */
export const MAX_OBJECT_ID = 0xfffe;

/** Pages an object occupies: its internal length rounded up to whole pages (at least one). */
export function pagesFor(object: HsmObject): number {
  return Math.max(1, Math.ceil(reportedLength(object) / PAGE_SIZE));
}

export class ObjectStore {
  /** Sparse: a deleted object leaves a hole the next new object fills. */
  readonly slots: (HsmObject | undefined)[];
  /** Times an object of this (type, id) has been created here: the next one's sequence (§5.5). */
  readonly creations: Map<string, number>;

  constructor(slots: (HsmObject | undefined)[] = [], creations = new Map<string, number>()) {
    this.slots = slots;
    this.creations = creations;
  }

  *objects(): IterableIterator<HsmObject> {
    for (const object of this.slots) if (object) yield object;
  }

  get count(): number {
    let count = 0;
    for (const object of this.slots) if (object) count++;
    return count;
  }

  find(type: number, id: number): HsmObject | undefined {
    for (const object of this.slots)
      if (object && object.type === type && object.id === id) return object;
    return undefined;
  }

  usedPages(): number {
    let pages = 0;
    for (const object of this.objects()) pages += pagesFor(object);
    return pages;
  }

  /** GET STORAGE INFO (spec §4.3): total/free records, total/free pages, page size. */
  storageInfo(): Uint8Array {
    return concatBytes(
      u16(TOTAL_RECORDS),
      u16(TOTAL_RECORDS - this.count),
      u16(TOTAL_PAGES),
      u16(TOTAL_PAGES - this.usedPages()),
      u16(PAGE_SIZE),
    );
  }

  /**
   * The id for a new object. 0 asks the device to choose (spec §4.2, §10.7): a random id no
   * object of any type uses, so the choice also works across types.
   */
  chooseId(requested: number, randomBytes: (count: number) => Uint8Array): number {
    if (requested === 0xffff) refuse.invalidId();
    if (requested !== 0) return requested;
    const taken = new Set<number>();
    for (const object of this.objects()) taken.add(object.id);
    for (let attempt = 0; attempt < 64; attempt++) {
      const candidate = u16Of(randomBytes(2));
      if (candidate >= 1 && candidate <= MAX_OBJECT_ID && !taken.has(candidate)) return candidate;
    }
    // 256 objects can never exhaust 65 534 ids; a scan ends the search whatever the randomness.
    for (let candidate = 1; candidate <= MAX_OBJECT_ID; candidate++)
      if (!taken.has(candidate)) return candidate;
    return refuse.storageFailed();
  }

  /** The sequence a freshly created (type, id) gets, counting this creation. */
  nextSequence(type: number, id: number): number {
    const key = creationKey(type, id);
    const sequence = this.creations.get(key) ?? 0;
    this.creations.set(key, (sequence + 1) & 0xff);
    return sequence;
  }

  /** An imported object keeps its sequence; later re-creations count on from it. */
  noteImportedSequence(type: number, id: number, sequence: number): void {
    const key = creationKey(type, id);
    const next = (sequence + 1) & 0xff;
    if ((this.creations.get(key) ?? 0) < next) this.creations.set(key, next);
  }

  /**
   * Stores a new object. (type, id) taken -> OBJECT_EXISTS; no free record or not enough free
   * pages -> STORAGE_FAILED, the device's "Storage failure" (spec §1.3, §5.1).
   */
  add(object: HsmObject): void {
    if (this.find(object.type, object.id)) refuse.objectExists();
    if (this.count >= TOTAL_RECORDS) refuse.storageFailed();
    if (this.usedPages() + pagesFor(object) > TOTAL_PAGES) refuse.storageFailed();
    let slot = this.slots.findIndex((entry) => entry === undefined);
    if (slot < 0) slot = this.slots.length;
    this.slots[slot] = object;
  }

  remove(object: HsmObject): void {
    const slot = this.slots.indexOf(object);
    if (slot >= 0) this.slots[slot] = undefined;
    destroyObject(object);
  }

  wipe(): void {
    for (const object of this.objects()) destroyObject(object);
    this.slots.length = 0;
    this.creations.clear();
  }
}

function creationKey(type: number, id: number): string {
  return `${type}:${id}`;
}

function u16Of(bytes: Uint8Array): number {
  return (bytes[0]! << 8) | bytes[1]!;
}
