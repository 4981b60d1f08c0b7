// Whose turn it is at each device. Over USB two handles on one YubiHSM 2 share its single bulk
// endpoint: if the home screen's status check and a ceremony step talk at once, each can read
// the other's response, and whichever closes first closes the device under the other. So the
// device service hands a device to one user at a time: a status check, or a ceremony step for
// as long as its transport is open.

export class DeviceBusy extends Error {
  constructor(readonly deviceId: string) {
    super(`device ${deviceId} stayed busy`);
    this.name = 'DeviceBusy';
  }
}

export class DeviceTurns {
  /** Per device id, resolves when the last turn handed out so far has ended. */
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Waits for the device's turn and resolves with the function that ends it. With `waitMs`,
   * gives up after that long with DeviceBusy; the place in the queue is then given back.
   */
  async take(deviceId: string, waitMs?: number): Promise<() => void> {
    const previous = this.tails.get(deviceId) ?? Promise.resolve();
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const tail = previous.then(() => ended);
    this.tails.set(deviceId, tail);
    void tail.then(() => {
      if (this.tails.get(deviceId) === tail) this.tails.delete(deviceId);
    });
    if (!(await arrivesWithin(previous, waitMs))) {
      end();
      throw new DeviceBusy(deviceId);
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      end();
    };
  }

  /** True while someone holds or waits for the device. */
  isBusy(deviceId: string): boolean {
    return this.tails.has(deviceId);
  }
}

async function arrivesWithin(turn: Promise<void>, waitMs: number | undefined): Promise<boolean> {
  if (waitMs === undefined) {
    await turn;
    return true;
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)));
  try {
    return await Promise.race([turn.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
