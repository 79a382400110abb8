import { describe, expect, it } from "vitest";
import { markdownToText } from "./markdown-to-text";

describe("markdownToText", () => {
  it("keeps the printed text and drops the markup", () => {
    const markdown = [
      "# ACME **Store**",
      "",
      "![img-0.jpeg](img-0.jpeg)",
      "Visit [our site](https://acme.example) &amp; save_money",
      "",
      "| Item | Price |",
      "| --- | ---: |",
      "| Milk | 1.20 |",
      "---",
      "- *Total*: `2.40`",
    ].join("\n");
    expect(markdownToText(markdown)).toBe(["ACME Store", "", "Visit our site & save_money", "", "Item Price", "Milk 1.20", "Total: 2.40"].join("\n"));
  });
});
