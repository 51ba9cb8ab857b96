// The last line of defence of `npm start` against orphans. The supervisor starts this tiny
// process first and tells it, one line on stdin each, which processes it owns:
//   watch <pid> <SIGNAL>   forget <pid>
// When stdin closes (the supervisor stopped, or was killed, even with SIGKILL) it sends each
// process still watched its graceful signal, waits, and SIGKILLs whatever is left. PostgreSQL
// and the Temporal dev server are separate binaries that would otherwise outlive a killed
// supervisor, keep their ports, and make the next `npm start` fail.
// Plain Node with no imports beyond built-ins: nothing here can be crashed from outside.
import fs from 'node:fs';
import readline from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';

const GRACE_MS = Number(process.env.REAPER_GRACE_MS ?? 10_000);
const watched = new Map();

// Ctrl-C is for the supervisor, which stops everything in order and then closes our stdin.
process.on('SIGINT', () => {});

// A killed process whose parent is gone stays a zombie until init reaps it: that is dead enough.
const zombie = (pid) => {
  try {
    return /\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return !zombie(pid);
  } catch (err) {
    return err.code === 'EPERM';
  }
};
const send = (pid, signal) => {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
};

readline
  .createInterface({ input: process.stdin })
  .on('line', (line) => {
    const [op, pidText, signal] = line.trim().split(/\s+/);
    const pid = Number(pidText);
    if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) return;
    if (op === 'watch') watched.set(pid, signal || 'SIGTERM');
    else if (op === 'forget') watched.delete(pid);
  })
  .on('close', async () => {
    for (const [pid, signal] of watched) send(pid, signal);
    const deadline = Date.now() + GRACE_MS;
    let left = [...watched.keys()].filter(alive);
    while (left.length > 0 && Date.now() < deadline) {
      await delay(100);
      left = left.filter(alive);
    }
    for (const pid of left) send(pid, 'SIGKILL');
    if (watched.size > 0) console.error(`[reaper] stopped ${watched.size} process(es) the supervisor left behind${left.length ? ` (${left.length} needed SIGKILL)` : ''}`);
    process.exit(0);
  });
