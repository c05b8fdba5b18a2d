"""The project's own benchmarks: scripts that report ratios against a baseline run alongside.

Run `python -m bench.run_all` from the project root (or `make bench`); see bench/README.md.
"""
