/**
 * Polls `read` until `ok` accepts its value or `ms` ran out, and returns the last value read (the
 * caller's expect then shows it): for effects that arrive asynchronously but promptly, such as a
 * PostgreSQL notification from another connection.
 */
export async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}
