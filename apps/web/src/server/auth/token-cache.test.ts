import { describe, expect, it } from "vitest";
import { createTokenCache, type TCachedToken } from "./token-cache";

const token = (tokenId: string): TCachedToken => ({
  tokenId,
  scopes: ["documents:read"],
  user: { id: "u1", email: "a@example.com", name: null, role: "user" },
});

describe("the API token cache of a web process", () => {
  it("answers for its time, then sends the next lookup to the database", () => {
    let now = 1_000;
    const cache = createTokenCache({ ttlMs: 5_000, now: () => now });
    cache.set("h1", token("t1"));
    now += 4_999;
    expect(cache.get("h1")?.tokenId).toBe("t1");
    now += 1;
    expect(cache.get("h1")).toBeUndefined();
  });

  it("forgets a token revoked in this process at once, whatever hash it was kept under", () => {
    const cache = createTokenCache({ ttlMs: 5_000 });
    cache.set("h1", token("t1"));
    cache.set("h2", token("t2"));
    cache.forget("t1");
    expect(cache.get("h1")).toBeUndefined();
    expect(cache.get("h2")?.tokenId).toBe("t2");
  });

  it("holds no more than its bound, the oldest going first", () => {
    const cache = createTokenCache({ ttlMs: 5_000, maxEntries: 3 });
    for (const n of [1, 2, 3, 4]) cache.set(`h${n}`, token(`t${n}`));
    expect(["h1", "h2", "h3", "h4"].map((h) => cache.get(h)?.tokenId ?? null)).toEqual([null, "t2", "t3", "t4"]);
  });

  it("keeps nothing when its time is 0", () => {
    const cache = createTokenCache({ ttlMs: 0 });
    cache.set("h1", token("t1"));
    expect(cache.get("h1")).toBeUndefined();
  });

  it("sends requests that miss together to the database once, and keeps only tokens that exist", async () => {
    const cache = createTokenCache({ ttlMs: 5_000 });
    let asked = 0;
    let answer: (found: TCachedToken | null) => void = () => undefined;
    const find = () => {
      asked++;
      return new Promise<TCachedToken | null>((resolve) => (answer = resolve));
    };
    const together = Promise.all([cache.load("h1", find), cache.load("h1", find), cache.load("h1", find)]);
    answer(token("t1"));
    expect((await together).map((found) => found?.tokenId)).toEqual(["t1", "t1", "t1"]);
    expect(await cache.load("h1", find)).toMatchObject({ tokenId: "t1" });
    expect(asked).toBe(1);

    // An unknown token is asked about again next time: nothing is kept for it.
    const unknown = cache.load("h2", find);
    answer(null);
    expect(await unknown).toBeNull();
    const again = cache.load("h2", find);
    answer(null);
    await again;
    expect(asked).toBe(3);
  });

  it("asks the database on every request when its time is 0", async () => {
    const cache = createTokenCache({ ttlMs: 0 });
    let asked = 0;
    const find = () => {
      asked++;
      return Promise.resolve(token("t1"));
    };
    await Promise.all([cache.load("h1", find), cache.load("h1", find)]);
    expect(asked).toBe(2);
  });
});
