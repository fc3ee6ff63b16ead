// Session pooling for the local WebSocket bridge, as Neon's proxy does it: the startup
// handshake (startup message, cleartext password) is answered here, and the socket is handed
// a warm Postgres backend that already authenticated, instead of Postgres starting one per
// connection (≈40 ms of CPU each on this kind of machine). When the Worker's socket closes,
// an open transaction is rolled back and DISCARD ALL resets the backend before anyone else
// gets it; a backend that does not come back clean is closed, never reused.
import pg from "pg";
import type net from "node:net";
import type { WebSocket } from "ws";

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
/** Idle backends kept per (server, user, database). */
const MAX_IDLE = 8;
const RELEASE_TIMEOUT_MS = 5000;

interface Backend {
  socket: net.Socket;
  /** ParameterStatus values Postgres sent at startup, replayed to every client. */
  params: Record<string, string>;
}

/** Splits a byte stream into Postgres messages: type byte + int32 length (which counts itself). */
class Frames {
  private buf: Buffer = Buffer.alloc(0);
  push(chunk: Buffer): Array<{ type: string; body: Buffer; raw: Buffer }> {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out = [];
    while (this.buf.length >= 5) {
      const len = this.buf.readInt32BE(1);
      if (this.buf.length < 1 + len) break;
      const raw = this.buf.subarray(0, 1 + len);
      out.push({ type: String.fromCharCode(raw[0]!), body: raw.subarray(5), raw });
      this.buf = this.buf.subarray(1 + len);
    }
    return out;
  }
  /** The untyped startup message (int32 length first), or null until it has all arrived. */
  takeStartup(chunk: Buffer): Buffer | null {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    if (this.buf.length < 4) return null;
    const len = this.buf.readInt32BE(0);
    if (this.buf.length < len) return null;
    const msg = this.buf.subarray(0, len);
    this.buf = this.buf.subarray(len);
    return msg;
  }
  rest(): Buffer {
    const rest = this.buf;
    this.buf = Buffer.alloc(0);
    return rest;
  }
}

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const cstr = (s: string) => Buffer.from(`${s}\0`, "utf8");
const query = (sql: string) => message("Q", cstr(sql));

function errorResponse(code: string, text: string): Buffer {
  return message("E", Buffer.concat([Buffer.from("SFATAL\0", "utf8"), Buffer.from(`C${code}\0`), cstr(`M${text}`), Buffer.from([0])]));
}

export class SessionPool {
  private idle = new Map<string, Backend[]>();

  constructor(private hooks: { onBackendStarted(): void; onStatement(): void }) {}

  /** Serves one Worker socket: handshake here, then bytes both ways to a pooled backend. */
  serve(ws: WebSocket, address: string, onRoundTrip: () => void): void {
    const [host = "127.0.0.1", portText] = address.split(":");
    let lastFromServer = true; // the upgrade's answer came last
    const toClient = (data: Buffer) => {
      lastFromServer = true;
      if (ws.readyState === ws.OPEN) ws.send(data);
    };
    const frames = new Frames();
    let startup: Record<string, string> | undefined;
    let backend: Backend | undefined;
    let key = "";
    let status = "I";
    let awaitingReady = 0;
    let closed = false;
    const early: Buffer[] = [];

    const onBackendData = (chunk: Buffer) => {
      for (const m of backendFrames.push(chunk)) {
        if (m.type === "Z") {
          status = String.fromCharCode(m.body[0]!);
          awaitingReady = Math.max(0, awaitingReady - 1);
        }
      }
      toClient(chunk);
    };
    const backendFrames = new Frames();
    const onBackendGone = () => {
      backend = undefined;
      if (ws.readyState === ws.OPEN) ws.terminate();
    };

    const forward = (chunk: Buffer): void => {
      const keep: Buffer[] = [];
      for (const m of frames.push(chunk)) {
        if (m.type === "X") {
          // Terminate ends the client's session, not the pooled backend: release it now
          // rather than when the WebSocket's closing handshake completes.
          if (keep.length && backend) backend.socket.write(Buffer.concat(keep));
          end();
          return;
        }
        if (m.type === "Q" || m.type === "E") this.hooks.onStatement();
        if (m.type === "Q" || m.type === "S") awaitingReady++;
        keep.push(m.raw);
      }
      if (keep.length && backend) backend.socket.write(Buffer.concat(keep));
    };

    const attach = async (password: string) => {
      const user = startup!.user ?? "";
      const database = startup!.database ?? user;
      key = JSON.stringify([host, portText, user, database, password]);
      try {
        backend = this.idle.get(key)?.pop() ?? (await this.open(host, Number(portText) || 5432, user, database, password));
      } catch (err) {
        const e = err as { code?: string; message: string };
        toClient(errorResponse(e.code ?? "08006", e.message));
        ws.close();
        return;
      }
      if (closed) return this.release(backend, key, "I", 0);
      backend.socket.removeAllListeners("close");
      backend.socket.on("data", onBackendData);
      backend.socket.once("close", onBackendGone);
      const hello = [message("R", int32(0))];
      for (const [name, value] of Object.entries(backend.params)) hello.push(message("S", Buffer.concat([cstr(name), cstr(value)])));
      hello.push(message("K", Buffer.concat([int32(process.pid), int32(0)])), message("Z", Buffer.from("I")));
      toClient(Buffer.concat(hello));
      for (const chunk of early.splice(0)) forward(chunk);
    };

    ws.on("message", (data: Buffer) => {
      if (lastFromServer) onRoundTrip();
      lastFromServer = false;
      if (backend) return forward(data);
      if (!startup) {
        const msg = frames.takeStartup(data);
        if (!msg) return;
        const code = msg.readInt32BE(4);
        if (code === SSL_REQUEST) return toClient(Buffer.from("N"));
        if (code === CANCEL_REQUEST) return ws.close();
        const parts = msg.subarray(8).toString("utf8").split("\0");
        startup = {};
        for (let i = 0; i + 1 < parts.length && parts[i]; i += 2) startup[parts[i]!] = parts[i + 1]!;
        toClient(message("R", int32(3))); // AuthenticationCleartextPassword, as Neon's proxy asks
        data = frames.rest();
        if (!data.length) return;
      }
      if (key) return void early.push(data); // the backend is on its way
      const [password] = frames.push(data);
      if (!password) return;
      if (password.type !== "p") return ws.close();
      const rest = frames.rest();
      if (rest.length) early.push(rest);
      void attach(password.body.subarray(0, password.body.length - 1).toString("utf8")).catch(() => ws.terminate());
      key = key || "pending";
    });

    const release = (b: Backend, k: string, st: string, n: number) => this.release(b, k, st, n);
    function end() {
      if (closed) return;
      closed = true;
      if (backend) {
        backend.socket.off("data", onBackendData);
        backend.socket.off("close", onBackendGone);
        release(backend, key, status, awaitingReady);
        backend = undefined;
      }
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.terminate();
    }
    ws.on("close", end);
    ws.on("error", end);
  }

  private async open(host: string, port: number, user: string, database: string, password: string): Promise<Backend> {
    const client = new pg.Client({ host: host === "localhost" ? "127.0.0.1" : host, port, user, database, password });
    const params: Record<string, string> = {};
    const connection = (client as unknown as { connection: { on(e: string, f: (m: { parameterName: string; parameterValue: string }) => void): void; stream: net.Socket } }).connection;
    connection.on("parameterStatus", (m) => (params[m.parameterName] = m.parameterValue));
    client.on("error", () => {});
    await client.connect();
    this.hooks.onBackendStarted();
    // From here on the socket is ours: pg's parser stops listening, and we never call client.query.
    const socket = connection.stream;
    socket.removeAllListeners("data");
    socket.setNoDelay(true);
    socket.on("error", () => socket.destroy());
    return { socket, params };
  }

  /** Back to the idle list once it is idle and reset; closed if that does not happen promptly. */
  private release(backend: Backend, key: string, status: string, awaitingReady: number): void {
    const { socket } = backend;
    if (socket.destroyed) return;
    const frames = new Frames();
    let pending = awaitingReady;
    let resetSent = false;
    let lastStatus = status;
    const timer = setTimeout(() => finish(false), RELEASE_TIMEOUT_MS);
    const finish = (clean: boolean) => {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("close", onClose);
      const list = this.idle.get(key) ?? [];
      if (clean && list.length < MAX_IDLE) {
        list.push(backend);
        this.idle.set(key, list);
        socket.once("close", () => this.idle.set(key, (this.idle.get(key) ?? []).filter((b) => b !== backend)));
      } else {
        socket.end(message("X", Buffer.alloc(0)));
        socket.destroy();
      }
    };
    const reset = () => {
      resetSent = true;
      // ROLLBACK first: DISCARD ALL refuses to run inside a transaction block.
      pending = lastStatus === "I" ? 1 : 2;
      socket.write(lastStatus === "I" ? query("DISCARD ALL") : Buffer.concat([query("ROLLBACK"), query("DISCARD ALL")]));
    };
    const onData = (chunk: Buffer) => {
      for (const m of frames.push(chunk)) {
        if (m.type !== "Z") continue;
        lastStatus = String.fromCharCode(m.body[0]!);
        pending--;
        if (pending > 0) continue;
        if (!resetSent) reset();
        else return finish(lastStatus === "I");
      }
    };
    const onClose = () => finish(false);
    socket.on("data", onData);
    socket.once("close", onClose);
    if (pending <= 0) reset();
  }

  async close(): Promise<void> {
    for (const list of this.idle.values()) for (const b of list) b.socket.destroy();
    this.idle.clear();
  }
}
