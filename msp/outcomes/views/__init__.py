"""Pages of the outcomes app: the return (returns), dashboards (dashboard), benchmarks and league tables
(benchmark)."""
