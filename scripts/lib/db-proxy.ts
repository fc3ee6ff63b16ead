import { createRequire } from "node:module";
import net from "node:net";
import type { WebSocketServer as WsServer, WebSocket } from "ws";

// The ESM entry of ws resolves to its browser build under some loaders; require the Node build.
const { WebSocketServer } = createRequire(import.meta.url)("ws") as typeof import("ws");

export interface DbProxy {
  port: number;
  close(): Promise<void>;
}

/**
 * The WebSocket-to-TCP bridge that @neondatabase/serverless speaks to when it
 * runs outside Neon (local workerd). Each socket is piped to the Postgres
 * address named in ?address=host:port. Loopback only: it is a development tool.
 */
export async function startDbProxy(port: number): Promise<DbProxy> {
  const wss: WsServer = new WebSocketServer({ host: "127.0.0.1", port, path: "/v1" });
  wss.on("connection", (ws: WebSocket, req) => {
    const address = new URL(req.url ?? "", "http://x").searchParams.get("address") ?? "";
    const [host, portText] = address.split(":");
    const target = net.connect({ host: host === "localhost" ? "127.0.0.1" : host, port: Number(portText) || 5432 });
    target.setNoDelay(true);
    const pending: Buffer[] = [];
    let open = false;
    target.on("connect", () => {
      open = true;
      for (const chunk of pending) target.write(chunk);
      pending.length = 0;
    });
    ws.on("message", (data: Buffer) => (open ? target.write(data) : pending.push(data)));
    target.on("data", (data) => ws.readyState === ws.OPEN && ws.send(data));
    const end = () => {
      target.destroy();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.terminate();
    };
    ws.on("close", end);
    ws.on("error", end);
    target.on("close", end);
    target.on("error", end);
  });
  await new Promise<void>((resolve, reject) => {
    wss.once("listening", resolve);
    wss.once("error", reject);
  });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
