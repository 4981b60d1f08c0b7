// The composition root both hosts share: it builds the logger, the event hub, the services
// and the IPC router, wiring each one's dependencies by hand (STYLE.md §2: no globals). A
// host adds its own window or server as the last service and starts them all in order.

import { surveyAirGap } from '../ceremonies/common/air-gap';
import { appDevices } from '../ceremonies/common/app-devices';
import type { SheetPrinting } from '../ceremonies/init/engine-context';
import type { InitEngineOptions } from '../ceremonies/init/init-engine';
import { InitService } from '../ceremonies/init/init-service';
import { plansFolderChooser, type PlanChooser } from '../ceremonies/init/plan-chooser';
import { CeremonyService } from '../ceremonies/common/ceremony-service';
import { BackupEngine } from '../ceremonies/backup/backup-engine';
import { RestoreEngine } from '../ceremonies/restore/restore-engine';
import { RotationEngine } from '../ceremonies/rotation/rotation-engine';
import { VerifyEngine } from '../ceremonies/verify/verify-engine';
import { DkekInitEngine } from '../ceremonies/dkek/init-engine';
import { AuditEngine } from '../ceremonies/audit/audit-engine';
import { ReshareEngine } from '../ceremonies/reshare/reshare-engine';
import { DkekBackupEngine } from '../ceremonies/dkek/backup-engine';
import { DkekRestoreEngine } from '../ceremonies/dkek/restore-engine';
import { DkekVerifyEngine } from '../ceremonies/dkek/verify-engine';
import { YubiHsmClient } from '../hsm/yubihsm/client/yubihsm-client';
import { DeviceWatcher } from '../hsm/yubihsm/transport/device-watcher';
import { openDevice } from '../hsm/yubihsm/transport/device-spec';
import { SimulatorTransport } from '../hsm/yubihsm/transport/simulator-transport';
import type { DeviceDescriptor, YubiHsmTransport } from '../hsm/yubihsm/transport/transport';
import { createEventHub } from '../ipc/events';
import type { EventHub } from '../ipc/events';
import { folderGuard } from '../ipc/folder-guard';
import { createHandlers } from '../ipc/handlers';
import { createIpcRouter } from '../ipc/router';
import type { IpcRouter } from '../ipc/router';
import { framePolicy, socketPolicy } from '../ipc/sender';
import { fileSink } from '../log/file-sink';
import { createLogger, streamSink } from '../log/logger';
import type { LogLevel, LogSink, RootLogger } from '../log/logger';
import { DeviceService } from './device-service';
import { EmbeddedSimulators } from './embedded-simulators';
import type { SimulatorFactory } from './embedded-simulators';
import type { Service } from './lifecycle';
import { smartCardAccess } from './smartcard-access';
import { SmartCardService } from './smartcard-service';
import { dkekInitCards } from './dkek-init-cards';
import { userDataPaths } from './user-data';
import type { ReportViewer } from '../print/report-viewer';

export type HostKind = 'electron' | 'browser';

export interface CustosAppOptions {
  host: HostKind;
  version: string;
  userDataFolder: string;
  /** Loads or creates a simulated YubiHSM 2 from its state file. */
  createSimulator: SimulatorFactory;
  /** Run the simulated primary and secondary (default true). */
  simulators?: boolean;
  /** Watch USB for YubiHSM 2 devices (default true). */
  usb?: boolean;
  /** Watch PC/SC readers for SmartCard-HSM / Nitrokey HSM 2 / Pico HSM (default true). */
  pcsc?: boolean;
  /** yubihsm-connector URLs to watch. */
  connectors?: readonly string[];
  logLevel?: LogLevel;
  /** Also print warnings and errors on stderr (default true). */
  logToStderr?: boolean;
  /** The scheme and host the Electron window's pages come from (Electron only). */
  appScheme?: { scheme: string; host: string };
  /** How this host prints the custodians' share sheets (absent: no printing). */
  sheetPrinting?: SheetPrinting;
  /** How this host shows a verification's printable report (absent: the result names the file). */
  reportViewer?: ReportViewer;
  /** Where plan files are chosen (default: the plans folder under user data, names only). */
  planChooser?: PlanChooser;
  /** A confirmation of a device reset the page cannot give (Electron's native dialog). */
  confirmReset?: InitEngineOptions['confirmReset'];
  /**
   * Tests only: the rounds of the DKEK share files' key derivation instead of sc-hsm-tool's 10^7
   * (spec §8 V2). Only the browser host in test mode sets it (README.md, host-flags.ts); absent, the
   * real cost.
   */
  dkekIterations?: number;
  /**
   * Tests only: where every ceremony's air-gap survey reads sysfs and /proc/mounts instead of
   * '/' (air-gap.ts; host-flags.ts readTestAirGapRoot). Absent: this machine's.
   */
  airGapRoot?: string | undefined;
  /** Where a reset's per-attempt word is shown to the person (the browser host's terminal). */
  resetWord?: InitEngineOptions['resetWord'];
}

export interface CustosApp {
  logger: RootLogger;
  events: EventHub;
  router: IpcRouter;
  devices: DeviceService;
  /** The SmartCard-HSM family: its simulated pair and PC/SC readers. */
  smartCards: SmartCardService;
  /** The initialization ceremony (its engine answers the init/* channels). */
  init: InitService;
  /** Back up, restore and verify (their engines answer the dump/*, restore/* and verify/* channels). */
  dump: BackupEngine;
  restore: RestoreEngine;
  /** The wrap-key rotation (its engine answers the rotate/* channels). */
  rotate: RotationEngine;
  verify: VerifyEngine;
  /** The SmartCard-HSM family's DKEK initialisation (its engine answers the dkek-init/* channels). */
  dkekInit: DkekInitEngine;
  /** The share audit and the reshare (no device; audit/* and reshare/*). */
  audit: AuditEngine;
  reshare: ReshareEngine;
  /** The SmartCard-HSM family's DKEK back-up, clone and verification (the dkek-backup, dkek-restore and dkek-verify channels). */
  dkekBackup: DkekBackupEngine;
  dkekRestore: DkekRestoreEngine;
  dkekVerify: DkekVerifyEngine;
  /** In start order; stop runs in reverse and closes the log last. */
  services: Service[];
}

export function createCustosApp(options: CustosAppOptions): CustosApp {
  const paths = userDataPaths(options.userDataFolder);
  const sinks: LogSink[] = [fileSink(paths.logs)];
  if (options.logToStderr ?? true) sinks.push(streamSink(process.stderr, 'warn'));
  const logger = createLogger({ sinks, level: options.logLevel ?? 'info' });
  const events = createEventHub(logger);

  const simulators = new EmbeddedSimulators(options.userDataFolder, options.createSimulator);
  const watcher = new DeviceWatcher({
    usb: (options.usb ?? true) ? undefined : null,
    connectors: [...(options.connectors ?? [])],
  });
  const devices = new DeviceService({
    watcher,
    simulators: (options.simulators ?? true) ? simulators.devices : new Map(),
    openRealTransport: openRealTransport,
    openSimulatorTransport: (role, device) => new SimulatorTransport(device, { name: role }),
    createClient: (transport) => new YubiHsmClient(transport),
    events,
    logger,
  });

  const smartCards = new SmartCardService({
    userDataFolder: options.userDataFolder,
    simulators: options.simulators ?? true,
    pcsc: options.pcsc ?? true,
    events,
    logger,
  });

  // Every ceremony reaches the devices the same way: through the device service.
  const access = appDevices(devices);
  // One chooser for every plan screen: the YubiHSM initialisation's and the DKEK's.
  const planChooser = options.planChooser ?? plansFolderChooser(options.userDataFolder);
  // Every ceremony surveys the air gap the same way (one source for all of them).
  const airGapRoot = options.airGapRoot;
  const airGap = airGapRoot ? { airGap: () => surveyAirGap({ root: airGapRoot }) } : {};
  const init = new InitService({
    devices: access,
    userDataFolder: options.userDataFolder,
    publish: (snapshot) => events.emit('init/snapshot', snapshot),
    logger,
    toolVersion: options.version,
    ...airGap,
    sheetPrinting: options.sheetPrinting,
    planChooser,
    ...(options.confirmReset ? { confirmReset: options.confirmReset } : {}),
    ...(options.resetWord ? { resetWord: options.resetWord } : {}),
  });
  const dump = new CeremonyService(
    'dump',
    new BackupEngine({ devices: access, logger, ...airGap }),
    (snapshot) => events.emit('dump/snapshot', snapshot),
  );
  const restore = new CeremonyService(
    'restore',
    new RestoreEngine({ devices: access, logger, toolVersion: options.version, ...airGap }),
    (snapshot) => events.emit('restore/snapshot', snapshot),
  );
  const rotate = new CeremonyService(
    'rotate',
    new RotationEngine({ devices: access, logger, ...airGap }),
    (snapshot) => events.emit('rotate/snapshot', snapshot),
  );
  const verify = new CeremonyService(
    'verify',
    new VerifyEngine({
      devices: access,
      logger,
      toolVersion: options.version,
      ...(options.reportViewer ? { reportViewer: options.reportViewer } : {}),
      ...airGap,
    }),
    (snapshot) => events.emit('verify/snapshot', snapshot),
  );

  const dkekInit = new CeremonyService(
    'dkek-init',
    new DkekInitEngine({
      cards: dkekInitCards(smartCards),
      logger,
      toolVersion: options.version,
      planChooser,
      ...(options.sheetPrinting ? { sheetPrinting: options.sheetPrinting } : {}),
      ...(options.dkekIterations ? { iterations: options.dkekIterations } : {}),
      ...airGap,
    }),
    (snapshot) => events.emit('dkek-init/snapshot', snapshot),
  );
  const audit = new CeremonyService(
    'audit',
    new AuditEngine({ logger, toolVersion: options.version, ...airGap }),
    (snapshot) => events.emit('audit/snapshot', snapshot),
  );
  const reshare = new CeremonyService(
    'reshare',
    new ReshareEngine({
      logger,
      ...(options.sheetPrinting ? { sheetPrinting: options.sheetPrinting } : {}),
      ...airGap,
    }),
    (snapshot) => events.emit('reshare/snapshot', snapshot),
  );
  const cards = smartCardAccess(smartCards);
  const dkekBackup = new CeremonyService(
    'dkek-backup',
    new DkekBackupEngine({ cards, logger, ...airGap }),
    (snapshot) => events.emit('dkek-backup/snapshot', snapshot),
  );
  const dkekRestore = new CeremonyService(
    'dkek-restore',
    new DkekRestoreEngine({
      cards,
      logger,
      ...airGap,
      ...(options.dkekIterations ? { iterations: options.dkekIterations } : {}),
    }),
    (snapshot) => events.emit('dkek-restore/snapshot', snapshot),
  );
  const dkekVerify = new CeremonyService(
    'dkek-verify',
    new DkekVerifyEngine({
      cards,
      logger,
      ...(options.reportViewer ? { reportViewer: options.reportViewer } : {}),
      ...airGap,
    }),
    (snapshot) => events.emit('dkek-verify/snapshot', snapshot),
  );

  const handlers = createHandlers({
    hostInfo: { host: options.host, version: options.version, platform: process.platform },
    devices,
    smartCards,
    init: init.engine,
    dump: dump.engine,
    restore: restore.engine,
    rotate: rotate.engine,
    verify: verify.engine,
    dkekInit: dkekInit.engine,
    audit: audit.engine,
    reshare: reshare.engine,
    dkekBackup: dkekBackup.engine,
    dkekRestore: dkekRestore.engine,
    dkekVerify: dkekVerify.engine,
    folders: folderGuard([options.userDataFolder]),
  });
  const scheme = options.appScheme ?? { scheme: 'custos', host: 'app' };
  const router = createIpcRouter({
    handlers,
    senderPolicy:
      options.host === 'electron' ? framePolicy(scheme.scheme, scheme.host) : socketPolicy(),
    logger,
  });

  const logs: Service = {
    name: 'logs',
    start: async () =>
      logger.info('Custos starting', {
        host: options.host,
        version: options.version,
        userData: options.userDataFolder,
      }),
    stop: async () => {
      logger.info('Custos stopped');
      logger.close();
    },
  };
  const services: Service[] = [
    logs,
    ...((options.simulators ?? true) ? [simulators] : []),
    devices,
    smartCards,
    init,
    dump,
    restore,
    rotate,
    verify,
    dkekInit,
    audit,
    reshare,
    dkekBackup,
    dkekRestore,
    dkekVerify,
  ];
  return {
    logger,
    events,
    router,
    devices,
    smartCards,
    init,
    dump: dump.engine,
    restore: restore.engine,
    rotate: rotate.engine,
    verify: verify.engine,
    dkekInit: dkekInit.engine,
    audit: audit.engine,
    reshare: reshare.engine,
    dkekBackup: dkekBackup.engine,
    dkekRestore: dkekRestore.engine,
    dkekVerify: dkekVerify.engine,
    services,
  };
}

async function openRealTransport(device: DeviceDescriptor): Promise<YubiHsmTransport> {
  const noSimulator = () => Promise.reject(new Error('not a simulated device'));
  if (device.transport === 'usb') {
    return (
      await openDevice({ kind: 'usb', serial: device.serial }, { createSimulator: noSimulator })
    ).transport;
  }
  if (device.transport === 'connector' && device.id.startsWith('connector:')) {
    return (
      await openDevice(
        { kind: 'connector', url: device.id.slice('connector:'.length) },
        { createSimulator: noSimulator },
      )
    ).transport;
  }
  throw new Error(`no way to open ${device.transport} device ${device.id}`);
}
