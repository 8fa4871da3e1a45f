"""The ASGI entry point for uvicorn workers: `travelprep.web.asgi:app`."""

import gc

from travelprep.web.app import create_app

app = create_app()

# Index the restricted-party lists now: a request that names the first institution must not
# wait seconds for it (nor hold up the event loop meanwhile).
_index_lists = getattr(app.state.rulebook.screener, "load", None)
if _index_lists is not None:
    _index_lists()

# The rulebook, templates and modules loaded above live as long as the process. Freezing
# them keeps the garbage collector from walking them on every full collection, and a higher
# first-generation threshold makes collections rarer: both trim the latency tail under load.
gc.collect()
gc.freeze()
gc.set_threshold(50_000, 50, 100)
