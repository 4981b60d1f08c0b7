// `custos simulator`: serves a simulated YubiHSM 2 over the yubihsm-connector HTTP API on
// loopback, so yubihsm-shell, python-yubihsm, yubihsm-setup and Custos itself can rehearse
// against it. The device lives in a state file (created factory-fresh when missing) and is
// written after every command that changes it, so stopping loses nothing.

import { resolve } from 'node:path';
import { startConnectorServer } from '../../hsm/yubihsm/connector-server/connector-server';
import {
  ConnectorServerError,
  parseListenAddress,
} from '../../hsm/yubihsm/connector-server/listen-address';
import { SimulatedYubiHsm } from '../../hsm/yubihsm/simulator/simulated-yubihsm';
import { CliError, UsageError, type CliCommand } from '../command';
import { runSmartCardHsmSimulator, VPCD_DEFAULT_ADDRESS } from './smartcard-hsm-simulator';
import { FaultInjectingDevice, parseFaultPlan } from '../../hsm/yubihsm/transport/fault-injection';

export const simulatorCommand: CliCommand = {
  name: 'simulator',
  summary:
    'Serve a simulated YubiHSM 2 over the yubihsm-connector API, or a simulated SmartCard-HSM to vpcd, on loopback.',
  options: [
    {
      name: 'smartcard-hsm',
      description:
        "Simulate a SmartCard-HSM (Nitrokey HSM 2) as a vsmartcard virtual card in vpcd's reader instead.",
    },
    {
      name: 'pico-hsm',
      description:
        'With --smartcard-hsm: a new state file behaves as a Pico HSM (KCV only after VERIFY, spec §7.1).',
    },
    {
      name: 'vpcd',
      value: 'host:port',
      description: `With --smartcard-hsm: where vpcd listens (loopback only; default ${VPCD_DEFAULT_ADDRESS}).`,
    },
    {
      name: 'listen',
      value: 'host:port',
      description: 'Loopback address to listen on; port 0 picks a free port.',
      default: '127.0.0.1:12345',
    },
    {
      name: 'state',
      value: 'file',
      description: 'State file of the simulated device; created factory-fresh if missing.',
      required: true,
    },
    {
      name: 'serial',
      value: 'number',
      description: 'Serial of a new YubiHSM 2 (a random 8-digit serial when omitted).',
    },
    {
      name: 'fault-at',
      value: 'k',
      description:
        'Rehearse a device fault: the k-th device command (from 1) fails or disconnects (see --fault).',
    },
    {
      name: 'fault',
      value: 'fail|disconnect',
      description:
        'fail: command k is refused with STORAGE_FAILED and not done; disconnect (default): it is done, then the device is gone until the simulator restarts.',
    },
  ],
  details: [
    'Examples:',
    '  custos simulator --state primary.json',
    '  custos simulator --listen 127.0.0.1:12346 --state secondary.json --serial 12345678',
    '',
    'Point yubihsm-shell at it with --connector http://127.0.0.1:12345, or Custos with the',
    'device connector:http://127.0.0.1:12345. Only loopback addresses are accepted. Stop with',
    'Ctrl+C (SIGINT) or SIGTERM; the state is already on disk.',
    '',
    '  custos simulator --smartcard-hsm --vpcd 127.0.0.1:35963 --state card.json',
    '',
    'puts a simulated SmartCard-HSM into the reader of vsmartcard-vpcd (pcscd must run with it:',
    'apt-get install pcscd vsmartcard-vpcd), where sc-hsm-tool, opensc-tool and Custos find it.',
    'It connects again whenever vpcd drops it.',
  ].join('\n'),

  async run(options, io) {
    if (options.flag('smartcard-hsm')) {
      if (options.value('serial') !== undefined || options.value('fault-at') !== undefined) {
        throw new UsageError(
          '--serial, --fault-at and --fault are for a simulated YubiHSM 2; leave them out with --smartcard-hsm',
        );
      }
      return runSmartCardHsmSimulator(options, io);
    }
    if (options.value('vpcd') !== undefined || options.flag('pico-hsm')) {
      throw new UsageError(
        '--vpcd and --pico-hsm need --smartcard-hsm (a simulated YubiHSM 2 listens with --listen)',
      );
    }
    const listen = listenAddress(options.value('listen')!);
    const statePath = resolve(io.cwd, options.value('state')!);
    const serial = serialOption(options.value('serial'));

    const device = await SimulatedYubiHsm.create(
      serial === undefined ? { statePath } : { statePath, serial },
    );
    if (serial !== undefined && device.serial !== serial) {
      throw new CliError(
        `the state file ${statePath} holds a simulated YubiHSM 2 with serial ${device.serial}, not ${serial}; leave out --serial to use it, or choose another state file`,
      );
    }
    let plan;
    try {
      plan = parseFaultPlan(options.value('fault-at'), options.value('fault'));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const served = plan ? new FaultInjectingDevice(device, plan) : device;
    if (plan)
      io.stdout(
        `Fault rehearsal: device command ${plan.atCommand} will ${plan.kind === 'fail' ? 'fail' : 'disconnect the device'}.\n`,
      );
    const server = await startConnectorServer({
      device: { serial: device.serial, process: (frame) => served.process(frame) },
      host: listen.host,
      port: listen.port,
    });
    io.stdout(
      `Simulated YubiHSM 2 (serial ${device.serial}, firmware ${device.firmware}) listening on ${server.url}\n`,
    );
    io.stdout(`State file: ${statePath}\n`);
    io.stdout('Press Ctrl+C to stop.\n');

    const signal = await io.stopRequested;
    await server.close();
    await device.close();
    io.stdout(`Stopped on ${signal}; the simulated device's state is in ${statePath}.\n`);
    return 0;
  },
};

function listenAddress(text: string): { host: string; port: number } {
  try {
    return parseListenAddress(text);
  } catch (error) {
    if (error instanceof ConnectorServerError) throw new UsageError(error.message);
    throw error;
  }
}

function serialOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,10}$/.test(text) || Number(text) === 0 || Number(text) > 0xffffffff) {
    throw new UsageError(`--serial must be a decimal number from 1 to 4294967295, not "${text}"`);
  }
  return Number.parseInt(text, 10);
}
