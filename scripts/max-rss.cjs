// Preloaded by the benchmark: reports the process's peak resident memory on exit.
process.on('exit', () => process.stderr.write(`max-rss-kib ${process.resourceUsage().maxRSS}\n`));
