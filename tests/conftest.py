"""Shared fixtures and Hypothesis profiles.

Profiles: ``ci`` (the default: fast, derandomized so CI is repeatable) and ``thorough`` (many
more examples, for a run by hand: ``HYPOTHESIS_PROFILE=thorough pytest``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"

SAMPLE_NAMES = sorted(p.name for p in SAMPLES.glob("*.txt"))


def require(path: Path) -> Path:
    """``path`` in ``../shared``; the test is skipped when that is not checked out beside the
    repository, except in CI (``CI`` set), where a missing ``../shared`` fails the test loudly:
    CI must never pass by skipping what it was meant to check."""
    if not path.exists():
        message = f"{path} is not available (check out ../shared beside the repository)"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(f"CI needs {path}: {message}", pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


# --- golden files (tests/golden/) ---------------------------------------------------------------

GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/ from the current output (or set POLICYDIFF_UPDATE_GOLDEN=1)",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run regenerates the golden files instead of comparing with them."""
    flag = bool(request.config.getoption("--update-golden"))
    return flag or os.environ.get("POLICYDIFF_UPDATE_GOLDEN", "") not in ("", "0")
