// PUT OPAQUE / GET OPAQUE (spec §4.3): raw data objects, e.g. certificates. Reading needs only
// get-opaque on the session; the object's own capabilities do not gate it (python's wrap tests
// read back an opaque whose only capability is exportable-under-wrap). Id 0 is the factory
// attestation certificate, readable though not listed (spec §4.3).

import { Algorithm } from '../../protocol/algorithms';
import { ObjectType } from '../../protocol/object-types';
import { findVisible, requireSessionCapability } from '../authorization';
import { PayloadReader } from '../bytes';
import { refuse } from '../device-failure';
import { Origin } from '../hsm-object';
import { factoryCertificate } from './attestation-commands';
import type { CommandHandler } from './context';
import { readCreation, storeCreated } from './creation';

const OPAQUE_ALGORITHMS: readonly number[] = [
  Algorithm.OpaqueData,
  Algorithm.OpaqueX509Certificate,
];

export const putOpaque: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'put-opaque');
  const reader = new PayloadReader(context.payload);
  const request = readCreation(reader);
  const data = reader.rest().slice();
  if (!OPAQUE_ALGORITHMS.includes(request.algorithm) || data.length === 0) refuse.invalidData();
  return storeCreated(context, request, ObjectType.Opaque, Origin.Imported, data);
};

export const getOpaque: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'get-opaque');
  const reader = new PayloadReader(context.payload);
  const id = reader.u16();
  reader.end();
  context.target = id;
  if (id === 0) return factoryCertificate(context);
  return findVisible(context.state.store, context.rights, ObjectType.Opaque, id).body.slice();
};
