// Loaded with `node --import` where /usr/bin/time is missing: writes this process's resource
// usage (CPU time, peak RSS) to the file named by RTA_BENCH_USAGE when it exits.
import fs from 'node:fs';

const target = process.env.RTA_BENCH_USAGE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    fs.writeFileSync(target, JSON.stringify({ userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, maxRssKb: usage.maxRSS }));
  });
}
