import type { UserConfig } from "vitest/config";
export declare function vitestConfig(opts: { name: string; kind: "unit" | "int"; alias?: Record<string, string>; parallelFiles?: number }): UserConfig;
