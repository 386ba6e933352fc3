/** Runs async tasks one after another, so a session's state is changed by one task at a time on this instance. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    // Keep the chain alive whatever the task's outcome; the caller gets the real result.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
