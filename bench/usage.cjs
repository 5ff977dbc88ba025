// Preloaded by bench/run.mjs (node --require): on exit, writes the process's peak resident memory
// (KB) and the CPU time of every thread (user + system seconds, and each part) as JSON.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  if (!process.env.BENCH_USAGE_FILE) return;
  const usage = process.resourceUsage();
  writeFileSync(
    process.env.BENCH_USAGE_FILE,
    JSON.stringify({ maxRssKb: usage.maxRSS, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, userSeconds: usage.userCPUTime / 1e6, systemSeconds: usage.systemCPUTime / 1e6 }),
  );
});
