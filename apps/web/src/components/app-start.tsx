"use client";

import { useEffect } from "react";
import { startApp } from "~/lib/start-app";

/** The React pages' handle on lib/start-app.ts (the capture page starts it from its island). */
export function AppStart() {
  useEffect(() => startApp(), []);
  return null;
}
