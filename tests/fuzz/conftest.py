"""Hypothesis settings and shared strategies for the fuzz tests.

The profile is reproducible: `derandomize=True` draws the same examples on every run (CI and laptops
agree), and `database=None` keeps no example database between runs. `HYPOTHESIS_PROFILE=fuzz-deep`
explores more (random seeds, more examples) when hunting bugs by hand.
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "fuzz-ci", derandomize=True, database=None, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "fuzz-deep", derandomize=False, database=None, deadline=None, max_examples=2000, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fuzz-ci"))
