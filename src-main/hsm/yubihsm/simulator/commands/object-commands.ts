// Commands over any object (spec §4.3): LIST OBJECTS, GET OBJECT INFO, DELETE OBJECT. All of
// them see only objects sharing a domain with the session (spec §10.5).

import { DELETE_CAPABILITY_FOR_TYPE, capabilitiesFromBytes } from '../../protocol/capabilities';
import { findVisible, isVisible, requireSessionCapability } from '../authorization';
import { concatBytes, u16 } from '../../protocol/bytes';
import { PayloadReader } from '../bytes';
import { refuse } from '../device-failure';
import { LABEL_LENGTH, encodeObjectInfo, type HsmObject } from '../hsm-object';
import { EMPTY, type CommandHandler } from './context';

type Filter = (object: HsmObject) => boolean;

/** LIST OBJECTS filters (spec §4.3): tag || value, every filter must match. */
function readFilters(payload: Uint8Array): Filter[] {
  const reader = new PayloadReader(payload);
  const filters: Filter[] = [];
  while (reader.remaining > 0) {
    const tag = reader.u8();
    switch (tag) {
      case 0x01: {
        const id = reader.u16();
        filters.push((object) => object.id === id);
        break;
      }
      case 0x02: {
        const type = reader.u8();
        filters.push((object) => object.type === type);
        break;
      }
      case 0x03: {
        const domains = reader.u16();
        filters.push((object) => (object.domains & domains) !== 0);
        break;
      }
      case 0x04: {
        const wanted = capabilitiesFromBytes(reader.take(8));
        filters.push((object) => (object.capabilities & wanted) !== 0n);
        break;
      }
      case 0x05: {
        const algorithm = reader.u8();
        filters.push((object) => object.algorithm === algorithm);
        break;
      }
      case 0x06: {
        const label = reader.take(LABEL_LENGTH);
        filters.push((object) => object.label.every((byte, i) => byte === label[i]));
        break;
      }
      default:
        refuse.invalidData();
    }
  }
  return filters;
}

/** id (2) || type (1) || sequence (1) per visible matching object, in storage order (§10.6). */
export const listObjects: CommandHandler = ({ state, rights, payload }) => {
  const filters = readFilters(payload);
  const entries: Uint8Array[] = [];
  for (const object of state.store.objects()) {
    if (isVisible(rights, object) && filters.every((filter) => filter(object))) {
      entries.push(concatBytes(u16(object.id), Uint8Array.of(object.type, object.sequence)));
    }
  }
  return concatBytes(...entries);
};

function readHandle(payload: Uint8Array): { id: number; type: number } {
  const reader = new PayloadReader(payload);
  const id = reader.u16();
  const type = reader.u8();
  reader.end();
  return { id, type };
}

export const getObjectInfo: CommandHandler = (context) => {
  const { id, type } = readHandle(context.payload);
  context.target = id;
  return encodeObjectInfo(findVisible(context.state.store, context.rights, type, id));
};

/** DELETE OBJECT: the session's delete-<type> capability and a shared domain (spec §4.3). */
export const deleteObject: CommandHandler = (context) => {
  const { id, type } = readHandle(context.payload);
  context.target = id;
  const needed = DELETE_CAPABILITY_FOR_TYPE[type];
  if (!needed) return refuse.invalidData();
  requireSessionCapability(context.rights, needed);
  const object = findVisible(context.state.store, context.rights, type, id);
  context.state.store.remove(object);
  context.changed = true;
  return EMPTY;
};
