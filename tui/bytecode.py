"""Keep compiled bytecode between runs even where PYTHONDONTWRITEBYTECODE is set.

Containers and CI images often set that variable, and then Python compiles the ~600 modules of
Textual, httpx and ours at every start (~0.3-0.4 s of a cold start). Installing with uv's
`compile-bytecode` avoided that, but made every `uv run` re-check and print "Bytecode compiled
2040 files" (150-350 ms). Instead the compiled files go to our user cache directory: the
installed packages and the source tree stay untouched, and the second start reads them.
"""

from __future__ import annotations

import os
import sys

OPT_OUT_ENV = "IPAAS_AUTH_NO_BYTECODE_CACHE"


def cache_bytecode_outside_the_tree() -> None:
    if not sys.dont_write_bytecode or sys.pycache_prefix or os.environ.get(OPT_OUT_ENV):
        return
    from platformdirs import user_cache_dir

    sys.pycache_prefix = os.path.join(user_cache_dir("ipaas-auth", appauthor=False), "pycache")
    sys.dont_write_bytecode = False
