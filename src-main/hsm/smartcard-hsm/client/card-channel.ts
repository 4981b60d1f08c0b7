// One card session as the client's command modules see it: a command goes out, its answer comes
// back, and any status word other than 9000 becomes a SmartCardHsmStatusError naming the
// command (spec §5.4).

import { encodeCommand, parseResponse, type CommandFields } from '../protocol/apdu';
import { SmartCardHsmStatusError, StatusWord } from '../protocol/status-words';
import type { CardTransport } from '../transport/card-transport';
import { SmartCardHsmClientError } from './errors';

export class CardChannel {
  constructor(readonly transport: CardTransport) {}

  get description(): string {
    return this.transport.description;
  }

  transmit(apdu: Uint8Array): Promise<Uint8Array> {
    return this.transport.transmit(apdu);
  }

  /** Sends one command; returns the response data and status word as they came. */
  async exchange(fields: CommandFields): Promise<{ data: Uint8Array; sw: number }> {
    return parseResponse(await this.transport.transmit(encodeCommand(fields)));
  }

  /** Sends one command that must answer 9000; returns its data. */
  async command(
    name: string,
    fields: CommandFields,
    options: { pin?: string } = {},
  ): Promise<Uint8Array> {
    const { data, sw } = await this.exchange(fields);
    if (sw !== StatusWord.OK) throw new SmartCardHsmStatusError(name, sw, options);
    return data;
  }
}

export function checkKeyReference(keyReference: number): void {
  if (!Number.isInteger(keyReference) || keyReference < 1 || keyReference > 255)
    throw new SmartCardHsmClientError(
      'key-reference-invalid',
      `A key reference is a number from 1 to 255 (the "Key ref" pkcs15-tool shows), not ${keyReference}.`,
    );
}

export function fidHex(fid: number): string {
  return fid.toString(16).toUpperCase().padStart(4, '0');
}
