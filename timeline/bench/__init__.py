"""Benchmark tooling (issue 7): a synthetic data generator and the measurements behind
``manage.py bench``. Nothing in the app imports this package."""
