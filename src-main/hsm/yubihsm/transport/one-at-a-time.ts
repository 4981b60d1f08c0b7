// Serialises request/response pairs: the device answers one request at a time (spec §2.1), so
// a second caller waits for the first exchange to finish, whether it succeeded or failed.

export class OneAtATime {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(exchange: () => Promise<T>): Promise<T> {
    const result = this.tail.then(exchange, exchange);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
