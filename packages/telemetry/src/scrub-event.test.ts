import { expect, it } from "vitest";
import { scrubEvent } from "./scrub-event";

it("drops X-Filename, forwarding headers and every query string of the request and of breadcrumb URLs", () => {
  const event = scrubEvent({
    request: {
      url: "https://docs.example.test/api/export?q=passport%20smith&format=csv",
      query_string: "q=passport%20smith&format=csv",
      headers: { "x-filename": "passport%20of%20John%20Smith.pdf", "X-Forwarded-For": "198.51.100.7", "user-agent": "curl/8" },
    },
    breadcrumbs: [{ category: "navigation", message: "moved", from: "/sign-in?next=/result%3Fid%3Dabc", to: "/result?id=abc" }],
  });
  const text = JSON.stringify(event);
  expect(text).not.toContain("Smith");
  expect(text).not.toContain("smith");
  expect(text).not.toContain("198.51.100.7");
  expect(text).not.toContain("next=");
  expect(event.request).toEqual({ url: "https://docs.example.test/api/export", headers: { "user-agent": "curl/8" } });
  expect(event.breadcrumbs[0]).toMatchObject({ from: "/sign-in", to: "/result" });
});
