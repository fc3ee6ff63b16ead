import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, SecretBoxError } from "../../../src/auth/secret-box.ts";

const KEY = "0f".repeat(32);
const OTHER_KEY = "a1".repeat(32);
const plaintext = new Uint8Array([0, 1, 2, 3, 250, 251, 252, 253, 254, 255, 42, 7, 9, 11, 13, 17, 19, 23, 29, 31]);

describe("secret box", () => {
  it("round-trips bytes and never repeats a ciphertext", async () => {
    const a = await encryptSecret(plaintext, KEY);
    const b = await encryptSecret(plaintext, KEY);
    expect(a).toMatch(/^v1\.[A-Za-z0-9+/]{16}\.[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await decryptSecret(a, KEY)).toEqual(plaintext);
    expect(await decryptSecret(b, KEY)).toEqual(plaintext);
  });

  it("throws when a ciphertext byte is changed", async () => {
    const box = await encryptSecret(plaintext, KEY);
    const [v, iv, ct] = box.split(".");
    const bytes = Uint8Array.from(atob(ct!), (c) => c.charCodeAt(0));
    bytes[0]! ^= 1;
    const tampered = `${v}.${iv}.${btoa(String.fromCharCode(...bytes))}`;
    await expect(decryptSecret(tampered, KEY)).rejects.toBeInstanceOf(SecretBoxError);
  });

  it("throws when the IV is changed or the box is cut short", async () => {
    const box = await encryptSecret(plaintext, KEY);
    const [v, iv, ct] = box.split(".");
    const ivBytes = Uint8Array.from(atob(iv!), (c) => c.charCodeAt(0));
    ivBytes[11]! ^= 0x80;
    await expect(decryptSecret(`${v}.${btoa(String.fromCharCode(...ivBytes))}.${ct}`, KEY)).rejects.toBeInstanceOf(SecretBoxError);
    await expect(decryptSecret(`${v}.${iv}.${ct!.slice(0, 8)}`, KEY)).rejects.toBeInstanceOf(SecretBoxError);
    await expect(decryptSecret(`v2.${iv}.${ct}`, KEY)).rejects.toBeInstanceOf(SecretBoxError);
    await expect(decryptSecret("garbage", KEY)).rejects.toBeInstanceOf(SecretBoxError);
  });

  it("throws under the wrong key", async () => {
    const box = await encryptSecret(plaintext, KEY);
    await expect(decryptSecret(box, OTHER_KEY)).rejects.toBeInstanceOf(SecretBoxError);
  });

  it("binds the context, so a box moved to another member's row fails", async () => {
    const box = await encryptSecret(plaintext, KEY, "member:1");
    expect(await decryptSecret(box, KEY, "member:1")).toEqual(plaintext);
    await expect(decryptSecret(box, KEY, "member:2")).rejects.toBeInstanceOf(SecretBoxError);
    await expect(decryptSecret(box, KEY)).rejects.toBeInstanceOf(SecretBoxError);
  });

  it("refuses a key that is not 256 bits of hex", async () => {
    await expect(encryptSecret(plaintext, "0f".repeat(16))).rejects.toBeInstanceOf(SecretBoxError);
    await expect(encryptSecret(plaintext, "zz".repeat(32))).rejects.toBeInstanceOf(SecretBoxError);
  });
});
