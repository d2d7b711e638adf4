"""Benchmark harness for spm-site: a synthetic framework generator and a step-by-step timer.

`python -m bench.generate --roles N OUT_DIR` writes a framework; `python -m bench.run` times the
pipeline's steps against their floors. See bench/README.md.
"""
