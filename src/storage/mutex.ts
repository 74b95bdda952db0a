// A first-in, first-out async lock: `run` calls start in the order they were made, and each
// starts only after the previous one has settled (resolved or thrown).

export class FifoMutex {
  #tail: Promise<void> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    return previous.then(task).finally(release);
  }
}
