// State that belongs to the whole process (the connection pool, sign-outs, sign-in limits…). Kept on globalThis
// under one well-known symbol per name, because Next.js may load a module in more than one bundle and each copy
// must find the same state.
export function processWide<T>(name: string, create: () => T): T {
  const key = Symbol.for(`feather.${name}`);
  const g = globalThis as unknown as Record<symbol, T | undefined>;
  return (g[key] ??= create());
}

/** The process-wide state of that name, if something made it already. */
export function existingProcessWide<T>(name: string): T | undefined {
  return (globalThis as unknown as Record<symbol, T | undefined>)[Symbol.for(`feather.${name}`)];
}
