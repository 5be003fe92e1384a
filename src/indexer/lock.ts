/**
 * A lock file beside a PGlite data folder: PGlite is one process's database, and two processes
 * writing the same folder would corrupt it. The file holds the owner's pid; a lock whose owner is
 * gone (killed with -9) is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { DatabaseLockedError } from "./errors.js";

export interface DirectoryLock {
  path: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes `<dir>.lock`, or throws DatabaseLockedError naming the process that holds it. */
export function lockDirectory(dir: string): DirectoryLock {
  const file = `${dir.replace(/\/+$/, "")}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let held = true;
      const release = () => {
        if (!held) return;
        held = false;
        process.off("exit", release);
        try {
          unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.on("exit", release);
      return { path: file, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let pid = NaN;
      try {
        pid = Number(readFileSync(file, "utf8").trim());
      } catch {
        continue; // removed meanwhile: try again
      }
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new DatabaseLockedError(`the database ${dir}`, pid === process.pid ? "this process (opened twice)" : `process ${pid}`);
      }
      try {
        unlinkSync(file); // a stale lock: its process is gone
      } catch {
        // another process took it over first; the next attempt sees its lock
      }
    }
  }
  throw new DatabaseLockedError(`the database ${dir}`, "another process (its lock file keeps changing)");
}
