// Who is calling (STYLE.md §5: check the sender before the payload). Each host describes its
// caller as plain data, so the checks are pure functions tested without Electron or a socket.

/** An Electron IPC message, described from `event.senderFrame` and `event.sender`. */
export interface FrameSender {
  kind: 'frame';
  /** The sending frame's URL; undefined when the frame is gone (navigated away, destroyed). */
  url: string | undefined;
  /** The frame is the top-level frame of its page, not an iframe. */
  isMainFrame: boolean;
  /** The page belongs to the app's own window. */
  isOurWindow: boolean;
}

/** A browser-host WebSocket whose upgrade passed the token, Origin and Host checks. */
export interface SocketSender {
  kind: 'socket';
  authenticated: boolean;
}

export type IpcSender = FrameSender | SocketSender;

export type SenderVerdict = { allowed: true } | { allowed: false; reason: string };

export type SenderPolicy = (sender: IpcSender) => SenderVerdict;

/** Electron: only the main frame of our window, showing a page from our own scheme and host. */
export function framePolicy(scheme: string, host: string): SenderPolicy {
  return (sender) => {
    if (sender.kind !== 'frame') return { allowed: false, reason: 'not an Electron frame' };
    if (!sender.isOurWindow)
      return { allowed: false, reason: 'the message came from a page outside the app window' };
    if (!sender.isMainFrame) return { allowed: false, reason: 'the message came from a subframe' };
    if (!sender.url) return { allowed: false, reason: 'the sending frame no longer exists' };
    let url: URL;
    try {
      url = new URL(sender.url);
    } catch {
      return { allowed: false, reason: 'the sending frame has an unparseable URL' };
    }
    if (url.protocol !== `${scheme}:` || url.host !== host) {
      return {
        allowed: false,
        reason: `the sending frame shows ${url.protocol}//${url.host}, not the app`,
      };
    }
    return { allowed: true };
  };
}

/** Browser host: only sockets that were authenticated when they connected. */
export function socketPolicy(): SenderPolicy {
  return (sender) => {
    if (sender.kind !== 'socket') return { allowed: false, reason: 'not a browser-host socket' };
    if (!sender.authenticated) return { allowed: false, reason: 'the socket is not authenticated' };
    return { allowed: true };
  };
}
