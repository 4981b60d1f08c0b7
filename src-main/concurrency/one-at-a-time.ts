// Runs work one piece at a time, in the order asked, whether the one before succeeded or failed:
// a device answers one request at a time (spec §2.1), and a ceremony engine runs one intent at a
// time. Below both the device layer and the ceremonies, so each uses it without the other.

export class OneAtATime {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(exchange: () => Promise<T>): Promise<T> {
    const result = this.tail.then(exchange, exchange);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
