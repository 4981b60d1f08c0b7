// Object inventory and opaque data (spec §4.3): storage, list, info, delete, put/get opaque.

import { Algorithm } from '../protocol/algorithms';
import { Command } from '../protocol/commands';
import { concatBytes, readU16, u16 } from '../protocol/bytes';
import type { SessionChannel } from './channel';
import {
  encodeObjectFilter,
  parseObjectInfo,
  parseObjectList,
  type ListedObject,
  type ObjectFilter,
  type ObjectInfo,
} from './object-info';
import { objectPrefix, type NewObject } from './object-prefix';
import { expectEmpty, expectLength, expectObjectId } from './responses';
import { checkNonEmpty, checkObjectId, checkObjectType } from './validation';

export interface StorageInfo {
  totalRecords: number;
  freeRecords: number;
  totalPages: number;
  freePages: number;
  pageSize: number;
}

export async function storageInfo(channel: SessionChannel): Promise<StorageInfo> {
  const payload = expectLength(
    Command.GetStorageInfo,
    await channel.send(Command.GetStorageInfo),
    10,
  );
  return {
    totalRecords: readU16(payload, 0),
    freeRecords: readU16(payload, 2),
    totalPages: readU16(payload, 4),
    freePages: readU16(payload, 6),
    pageSize: readU16(payload, 8),
  };
}

export async function listObjects(
  channel: SessionChannel,
  filter?: ObjectFilter,
): Promise<ListedObject[]> {
  return parseObjectList(await channel.send(Command.ListObjects, encodeObjectFilter(filter)));
}

export async function getObjectInfo(
  channel: SessionChannel,
  id: number,
  type: number,
): Promise<ObjectInfo> {
  const request = concatBytes(
    u16(checkObjectId(id, 'the object id')),
    Uint8Array.of(checkObjectType(type)),
  );
  return parseObjectInfo(await channel.send(Command.GetObjectInfo, request));
}

export async function deleteObject(
  channel: SessionChannel,
  id: number,
  type: number,
): Promise<void> {
  const request = concatBytes(
    u16(checkObjectId(id, 'the object id')),
    Uint8Array.of(checkObjectType(type)),
  );
  expectEmpty(Command.DeleteObject, await channel.send(Command.DeleteObject, request));
}

export interface NewOpaque extends NewObject {
  /** opaque-data (30, the default) or opaque-x509-certificate (31). */
  algorithm?: number;
  data: Uint8Array;
}

export async function putOpaque(channel: SessionChannel, object: NewOpaque): Promise<number> {
  const algorithm = object.algorithm ?? Algorithm.OpaqueData;
  const prefix = objectPrefix(
    object,
    algorithm,
    [Algorithm.OpaqueData, Algorithm.OpaqueX509Certificate],
    'opaque data',
  );
  const request = concatBytes(prefix, checkNonEmpty(object.data, 'the opaque data'));
  return expectObjectId(
    Command.PutOpaque,
    await channel.send(Command.PutOpaque, request),
    object.id,
  );
}

export async function getOpaque(channel: SessionChannel, id: number): Promise<Uint8Array> {
  return channel.send(Command.GetOpaque, u16(checkObjectId(id, 'the opaque object id')));
}
