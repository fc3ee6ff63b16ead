// The Worker runs with nodejs_compat but is typechecked without Node's types, so no
// Node global (process, Buffer, …) can slip into Worker code. The one Node API it
// uses, as workerd implements it:
declare module "node:crypto" {
  interface ScryptOptions {
    N?: number;
    r?: number;
    p?: number;
    maxmem?: number;
  }
  export function scrypt(
    password: Uint8Array | string,
    salt: Uint8Array | string,
    keylen: number,
    options: ScryptOptions,
    callback: (err: Error | null, derivedKey: Uint8Array) => void,
  ): void;
}
