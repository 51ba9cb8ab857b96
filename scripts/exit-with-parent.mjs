// Preloaded (`--import`) into the API and worker processes that `npm start` supervises.
// A supervisor killed with SIGKILL cannot stop its children, but the kernel closes the stdin
// pipe it held: the child then stops itself the usual way (its SIGTERM handler), and exits
// outright if that has not finished within 10 s. Nothing ever writes to that stdin.
// Plain JavaScript: the Temporal worker's workflow thread inherits --import but not tsx.
import { isMainThread } from 'node:worker_threads';

const GRACE_MS = 10_000;

function parentGone() {
  console.error(`supervisor gone; stopping (pid ${process.pid})`);
  process.kill(process.pid, 'SIGTERM');
  setTimeout(() => process.exit(1), GRACE_MS).unref();
}

if (isMainThread) {
  process.stdin.once('end', parentGone);
  process.stdin.once('error', parentGone);
  process.stdin.resume();
  // Watching the pipe must not keep alive a child that has finished on its own.
  process.stdin.unref();
}
