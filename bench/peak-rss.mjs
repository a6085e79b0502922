// Preloaded into a benchmarked process (node --import ./bench/peak-rss.mjs …): on exit, appends
// the process's peak resident set size in bytes to the file named by BENCH_RSS_FILE.
import { appendFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.BENCH_RSS_FILE;
  if (file) appendFileSync(file, `${process.resourceUsage().maxRSS * 1024}\n`);
});
