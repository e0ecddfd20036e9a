/** Something that holds a resource and must be released (VS Code's lifecycle pattern). */
export interface Disposable {
  dispose(): void | Promise<void>;
}

/** Holds disposables and releases them in reverse order of registration. */
export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  add<T extends Disposable>(item: T): T {
    if (this.disposed) throw new Error('DisposableStore is already disposed');
    this.items.push(item);
    return item;
  }

  /** Releases one item early and forgets it (a closed connection, a removed pack). */
  async release(item: Disposable): Promise<void> {
    const index = this.items.indexOf(item);
    if (index >= 0) this.items.splice(index, 1);
    await item.dispose();
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    for (const item of this.items.splice(0).reverse()) {
      try {
        await item.dispose();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'errors while disposing');
  }
}

export function toDisposable(fn: () => void | Promise<void>): Disposable {
  return { dispose: fn };
}
