// Typed commands over one authenticated secure session. Each method is a thin call into the
// module for its area (objects, keys, wrap, signing, audit, options, device).

import type { SecureSession } from '../session/secure-session';
import { getDeviceAttestationCertificate, signAttestationCertificate } from './attestation';
import { getLogEntries, setLogIndex, type AuditLog } from './audit-log';
import type { Credential } from './credential';
import { blink, echo, pseudoRandom, resetDevice } from './device';
import {
  changeAuthenticationKey,
  generateAsymmetricKey,
  generateWrapKey,
  getPublicKey,
  putAuthenticationKey,
  putWrapKey,
  type NewAsymmetricKey,
  type NewAuthenticationKey,
  type NewWrapKey,
  type PublicKey,
} from './keys';
import type { ListedObject, ObjectFilter, ObjectInfo } from './object-info';
import {
  deleteObject,
  getObjectInfo,
  getOpaque,
  listObjects,
  putOpaque,
  storageInfo,
  type NewOpaque,
  type StorageInfo,
} from './objects';
import { getOption, setOption } from './options';
import { signEcdsa, signEddsa, signPkcs1, signPss } from './signing';
import { exportWrapped, importWrapped, type ImportedObject } from './wrap';

export class YubiHsmSession {
  private readonly session: SecureSession;
  private readonly onClose: (session: YubiHsmSession) => void;

  constructor(
    session: SecureSession,
    onClose: (session: YubiHsmSession) => void = () => undefined,
  ) {
    this.session = session;
    this.onClose = onClose;
  }

  get id(): number {
    return this.session.id;
  }

  get authKeyId(): number {
    return this.session.authKeyId;
  }

  get isOpen(): boolean {
    return this.session.isOpen;
  }

  // Objects
  storageInfo(): Promise<StorageInfo> {
    return storageInfo(this.session);
  }
  listObjects(filter?: ObjectFilter): Promise<ListedObject[]> {
    return listObjects(this.session, filter);
  }
  getObjectInfo(id: number, type: number): Promise<ObjectInfo> {
    return getObjectInfo(this.session, id, type);
  }
  deleteObject(id: number, type: number): Promise<void> {
    return deleteObject(this.session, id, type);
  }
  putOpaque(object: NewOpaque): Promise<number> {
    return putOpaque(this.session, object);
  }
  getOpaque(id: number): Promise<Uint8Array> {
    return getOpaque(this.session, id);
  }

  // Keys
  putWrapKey(wrapKey: NewWrapKey & { key: Uint8Array }): Promise<number> {
    return putWrapKey(this.session, wrapKey);
  }
  generateWrapKey(wrapKey: NewWrapKey): Promise<number> {
    return generateWrapKey(this.session, wrapKey);
  }
  putAuthenticationKey(authKey: NewAuthenticationKey): Promise<number> {
    return putAuthenticationKey(this.session, authKey);
  }
  /** Changes the secret of the key this session authenticated with. */
  changeAuthenticationKey(credential: Credential): Promise<number> {
    return changeAuthenticationKey(this.session, credential);
  }
  generateAsymmetricKey(key: NewAsymmetricKey): Promise<number> {
    return generateAsymmetricKey(this.session, key);
  }
  getPublicKey(id: number): Promise<PublicKey> {
    return getPublicKey(this.session, id);
  }

  // Wrap
  exportWrapped(wrapKeyId: number, type: number, id: number): Promise<Uint8Array> {
    return exportWrapped(this.session, wrapKeyId, type, id);
  }
  importWrapped(wrapKeyId: number, blob: Uint8Array): Promise<ImportedObject> {
    return importWrapped(this.session, wrapKeyId, blob);
  }

  // Signing
  signEcdsa(id: number, digest: Uint8Array): Promise<Uint8Array> {
    return signEcdsa(this.session, id, digest);
  }
  signEddsa(id: number, message: Uint8Array): Promise<Uint8Array> {
    return signEddsa(this.session, id, message);
  }
  signPkcs1(id: number, digest: Uint8Array): Promise<Uint8Array> {
    return signPkcs1(this.session, id, digest);
  }
  signPss(
    id: number,
    mgf1Algorithm: number,
    saltLength: number,
    digest: Uint8Array,
  ): Promise<Uint8Array> {
    return signPss(this.session, id, mgf1Algorithm, saltLength, digest);
  }

  // Attestation
  signAttestationCertificate(keyId: number, attestingKeyId?: number): Promise<Uint8Array> {
    return signAttestationCertificate(this.session, keyId, attestingKeyId);
  }
  getDeviceAttestationCertificate(): Promise<Uint8Array> {
    return getDeviceAttestationCertificate(this.session);
  }

  // Audit
  getLogEntries(): Promise<AuditLog> {
    return getLogEntries(this.session);
  }
  setLogIndex(index: number): Promise<void> {
    return setLogIndex(this.session, index);
  }

  // Options and device
  setOption(tag: number, value: Uint8Array): Promise<void> {
    return setOption(this.session, tag, value);
  }
  getOption(tag: number): Promise<Uint8Array> {
    return getOption(this.session, tag);
  }
  pseudoRandom(count: number): Promise<Uint8Array> {
    return pseudoRandom(this.session, count);
  }
  blink(seconds: number): Promise<void> {
    return blink(this.session, seconds);
  }
  echo(data: Uint8Array): Promise<Uint8Array> {
    return echo(this.session, data);
  }

  /** Wipes the device (§7); the session ends with it. */
  async resetDevice(): Promise<void> {
    await resetDevice(this.session);
    this.onClose(this);
  }

  /** CLOSE SESSION and zeroize; safe to call twice. */
  async close(): Promise<void> {
    try {
      await this.session.close();
    } finally {
      this.onClose(this);
    }
  }
}
