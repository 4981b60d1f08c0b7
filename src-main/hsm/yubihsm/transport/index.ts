// The transport layer's public surface: what the device service, ceremonies and the CLI use.
// (testing/ holds the fake USB bus and manual timers for tests; it is not exported here.)

export type { DeviceDescriptor, TransportKind, YubiHsmTransport } from './transport';
export { SimulatorTransport, type SimulatedDevice } from './simulator-transport';
export {
  ConnectorTransport,
  normalizeConnectorUrl,
  type ConnectorTransportOptions,
} from './connector-transport';
export {
  deviceIsPresent,
  formatConnectorStatus,
  parseConnectorStatus,
  type ConnectorStatus,
} from './connector-status';
export { UsbTransport, type UsbTransportOptions } from './usb-transport';
export { systemUsb, type SystemUsb } from './system-usb';
export {
  listYubiHsmDevices,
  YUBIHSM_PRODUCT_ID,
  YUBIHSM_VENDOR_ID,
  type UsbBus,
  type UsbDeviceLike,
  type UsbListing,
} from './usb-bus';
export { readDeviceIdentity, type DeviceIdentity } from './device-identity';
export {
  DeviceSpecError,
  formatDeviceSpec,
  openDevice,
  parseDeviceSpec,
  type DeviceSpec,
  type OpenDeviceDependencies,
  type OpenedDevice,
} from './device-spec';
export {
  DeviceWatcher,
  type DeviceEvent,
  type DeviceListener,
  type DeviceWatcherOptions,
} from './device-watcher';
export type { UsbState } from './usb-discovery';
export type { Timers } from './timers';
