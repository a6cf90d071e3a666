import type { ChildProcess } from "node:child_process";

export const ROOT: string;
export const LOCAL_STATE: string;
export function freePort(): Promise<number>;
export function applyMigrations(persistTo?: string): void;
export function buildWorker(outdir: string): string;
export function waitForHealth(url: string, timeoutMs?: number): Promise<void>;
export interface WranglerDev {
  url: string;
  port: number;
  persistTo: string;
  child: ChildProcess;
  stop(): Promise<void>;
  output(): string;
}
export function startWranglerDev(options?: {
  port?: number;
  inspectorPort?: number;
  persistTo?: string | null;
  vars?: Record<string, string>;
  inherit?: boolean;
  logLevel?: string;
  timeoutMs?: number;
}): Promise<WranglerDev>;
