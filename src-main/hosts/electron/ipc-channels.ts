// The two Electron IPC channel names the preload and main use between themselves. The page
// never sees them: it only has the named methods of `window.custos`.

/** Renderer -> main: (channel, payload) -> Result. */
export const CALL_CHANNEL = 'custos:call';
/** Main -> renderer: (event, payload). */
export const EVENT_CHANNEL = 'custos:event';
