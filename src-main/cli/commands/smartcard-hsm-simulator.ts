// `custos simulator --smartcard-hsm --vpcd 127.0.0.1:PORT --state FILE`: the simulated
// SmartCard-HSM as a vsmartcard virtual card (spec §7.2), so pcscd, opensc-tool, pcsc_scan and
// Debian's sc-hsm-tool see a SmartCard-HSM in vpcd's reader. The card connects to vpcd on
// loopback and connects again whenever vpcd drops it; its state is written after every command
// that changes it, so stopping loses nothing.

import { resolve } from 'node:path';
import { SimulatedSmartCardHsm } from '../../hsm/smartcard-hsm/simulator/simulated-smartcard-hsm';
import { ViccBridge, type ViccState } from '../../hsm/smartcard-hsm/vpcd/vicc-bridge';
import { parseVpcdAddress, VpcdAddressError } from '../../hsm/smartcard-hsm/vpcd/vpcd-address';
import { UsageError, type CliIo, type ParsedOptions } from '../command';

/** vpcd's default port (/etc/reader.conf.d/vpcd: 0x8C7B). */
export const VPCD_DEFAULT_ADDRESS = '127.0.0.1:35963';

export async function runSmartCardHsmSimulator(options: ParsedOptions, io: CliIo): Promise<number> {
  const address = vpcdAddress(options.value('vpcd') ?? VPCD_DEFAULT_ADDRESS);
  const statePath = resolve(io.cwd, options.value('state')!);
  const card = await SimulatedSmartCardHsm.open({
    statePath,
    ...(options.flag('pico-hsm') ? { flavour: 'pico-hsm' as const } : {}),
  });
  const where = `${address.host}:${address.port}`;
  let last: ViccState['state'] | undefined;
  const bridge = new ViccBridge(card, {
    host: address.host,
    port: address.port,
    onState: (state) => {
      const line = stateLine(state, where);
      const key = state.state === 'connected' && state.inReader ? 'in-reader' : state.state;
      // Retries repeat 'connecting' / 'waiting' twice a second; say each change once.
      if (line && key !== last) io.stdout(`${line}\n`);
      if (state.state !== 'connecting') last = key as ViccState['state'];
    },
  });
  const name = card.flavour === 'pico-hsm' ? 'Pico HSM' : 'SmartCard-HSM';
  io.stdout(`Simulated ${name} for vpcd at ${where}\n`);
  io.stdout(`State file: ${statePath}\n`);
  io.stdout('Press Ctrl+C to stop.\n');
  bridge.start();

  const signal = await io.stopRequested;
  await bridge.stop();
  await card.close();
  io.stdout(`Stopped on ${signal}; the simulated card's state is in ${statePath}.\n`);
  return 0;
}

function stateLine(state: ViccState, where: string): string | undefined {
  switch (state.state) {
    case 'connected':
      return state.inReader
        ? 'The card is in the reader: pcscd and sc-hsm-tool can see it.'
        : `Connected to vpcd at ${where}; waiting for the reader to ask for the card.`;
    case 'waiting':
      return `No vpcd at ${where} yet (is pcscd running with vsmartcard-vpcd?); connecting again until it is there.`;
    default:
      return undefined;
  }
}

function vpcdAddress(text: string): { host: string; port: number } {
  try {
    return parseVpcdAddress(text);
  } catch (error) {
    if (error instanceof VpcdAddressError) throw new UsageError(error.message);
    throw error;
  }
}
