"""A non-editable install works from any directory: the migrations and the bundled dataset
ship inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_carries_the_migrations_and_the_dataset_and_runs_from_elsewhere(tmp_path):
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if built.returncode != 0:  # hatchling not in this environment: build in isolation
        built = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "-w",
                str(tmp_path / "dist"),
                str(ROOT),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next((tmp_path / "dist").glob("citylinks-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "citylinks/_alembic/env.py" in names
    assert any(n.startswith("citylinks/_alembic/versions/0001_") for n in names)
    assert "citylinks/_data/amf.toml" in names

    target = tmp_path / "site"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stderr[-2000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("CITYLINKS_DATABASE_URL", None)
    run = subprocess.run(
        [sys.executable, "-c", "import citylinks.resources as r; print(r.alembic_dir())"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=60,
    )
    assert run.stdout.strip() == str(target / "citylinks" / "_alembic")
    timeline = subprocess.run(
        [sys.executable, "-m", "citylinks", "timeline", "AMF", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=120,
    )
    assert timeline.returncode == 0, timeline.stderr
    assert '"organization": "AMF"' in timeline.stdout
    assert "loaded the bundled dataset" in timeline.stderr
