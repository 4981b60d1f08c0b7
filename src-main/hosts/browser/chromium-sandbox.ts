// How Chromium keeps its sandbox when Custos runs as root. Chromium will not start as root with
// the sandbox on, and `--no-sandbox` turns off what keeps a compromised page inside the
// renderer. So as root, Chromium runs as an ordinary user id inside a new user namespace
// (`unshare --user --map-user`), where its own namespace sandbox works as usual; the id maps
// back to this user outside, so the profile and the display stay reachable. Whether the kernel
// allows user namespaces is checked by running `true` that way first; where it does not,
// Chromium runs without the sandbox and the caller shows the warning.

import { spawnSync } from 'node:child_process';

export interface ChromiumSandbox {
  /** Chromium keeps its sandbox (no `--no-sandbox`). */
  sandboxed: boolean;
  /** What to run Chromium under (empty: run it directly). */
  prefix: string[];
  /** Said on the terminal and in the log when the sandbox is off. */
  warning?: string;
}

/** The unprivileged id Chromium gets inside its user namespace. */
export const CHROMIUM_NAMESPACE_ID = 1000;

export const NO_SANDBOX_WARNING =
  'WARNING: Chromium is running WITHOUT its sandbox. Custos runs as root and this kernel allows no user namespaces, so Chromium could not be given one. A compromised page would not be contained: run Custos as an ordinary user, or enable user namespaces (sysctl user.max_user_namespaces).';

export function namespacePrefix(id = CHROMIUM_NAMESPACE_ID): string[] {
  return ['unshare', '--user', `--map-user=${id}`, `--map-group=${id}`, '--'];
}

/** Runs a command, true when it exits 0 within a few seconds. */
export type Probe = (command: string, args: readonly string[]) => boolean;

const runProbe: Probe = (command, args) => {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 5000 });
  return result.status === 0;
};

export function chooseChromiumSandbox(
  runningAsRoot: boolean = typeof process.getuid === 'function' && process.getuid() === 0,
  probe: Probe = runProbe,
): ChromiumSandbox {
  if (!runningAsRoot) return { sandboxed: true, prefix: [] };
  const prefix = namespacePrefix();
  if (probe(prefix[0]!, [...prefix.slice(1), 'true'])) return { sandboxed: true, prefix };
  return { sandboxed: false, prefix: [], warning: NO_SANDBOX_WARNING };
}
