"""Run the benchmarks: `python -m bench [NAME ...]` (NAME is a module suffix, e.g. checklist)."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

# Minutes long: run only when named (`make bench BENCH=scale`, `make bench BENCH=reevaluate`).
ON_REQUEST = {"bench_scale", "bench_reevaluate"}


def main(selected: list[str]) -> None:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    for name in names:
        if selected and name.removeprefix("bench_") not in selected:
            continue
        if not selected and name in ON_REQUEST:
            continue
        print(f"== {name}", flush=True)
        importlib.import_module(f"bench.{name}").main()
        print(flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
