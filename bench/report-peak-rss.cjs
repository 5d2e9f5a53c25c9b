// Preloaded into a benchmarked process: reports its peak resident memory when it exits.
process.on('exit', () => {
  process.stderr.write(`\nPLINTH_BENCH_PEAK_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
