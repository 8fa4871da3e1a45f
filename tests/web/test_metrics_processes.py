"""Counting across processes: workers and the reminder job share one folder of metric files."""

from __future__ import annotations

import os
import subprocess
import sys

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

SEND_TWO_REMINDERS = """
from travelprep import metrics
metrics.count_as("reminders")
metrics.REMINDERS_SENT.labels("email").inc(2)
"""


def test_runs_of_the_reminder_job_add_up_in_multiprocess_mode(tmp_path):
    env = os.environ | {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for _ in range(3):  # three runs of the job, three process ids
        subprocess.run([sys.executable, "-c", SEND_TWO_REMINDERS], env=env, check=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["counter_reminders.db"]
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(tmp_path))
    assert 'travelprep_reminders_sent_total{channel="email"} 6.0' in generate_latest(registry).decode()
