/**
 * Runs a command without blocking the event loop (the test's in-process emulator must keep
 * answering while the command talks to it) and collects its exit status and output.
 */
import { spawn, SpawnOptions } from "node:child_process";

/** How a command ended. */
export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `cmd args` to the end; never rejects for a non-zero exit. */
export function run(cmd: string, args: string[], options: SpawnOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
