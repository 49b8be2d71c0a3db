"""`make bench`: the benchmark, outside the package (it is not shipped)."""
