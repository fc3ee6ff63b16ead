import net from "node:net";

/** Resolves true when nothing listens on the port (IPv4 and IPv6 loopback). */
export async function isPortFree(port: number): Promise<boolean> {
  for (const host of ["127.0.0.1", "::1"]) {
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once("error", (err: NodeJS.ErrnoException) => resolve(err.code === "EADDRNOTAVAIL"));
      server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
    });
    if (!free) return false;
  }
  return true;
}

/** An ephemeral port the OS considers free right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export class StartupError extends Error {
  override name = "StartupError";
}

export async function requireFreePort(port: number, what: string, envName: string): Promise<void> {
  if (!(await isPortFree(port))) {
    throw new StartupError(
      `Port ${port} (${what}) is already in use: stop whatever uses it, or set ${envName} to another port.`,
    );
  }
}
