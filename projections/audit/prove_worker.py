"""One stretch of the chain proved in its own process (`verify(..., workers=N)`).

Started as `python -m projections.audit.prove_worker`, it reads (location, table, after,
link, until) pickled on its standard input and writes the proof, a plain tuple, pickled on
its standard output. A module of its own so that the process imports only what proving
needs (multiprocessing's spawn would import the caller's main module: the whole CLI)."""

from __future__ import annotations

import pickle
import sys

from infrastructure.database import open_database
from projections.audit.verify import prove_stretch


def main() -> None:
    location, table, after, link, until = pickle.loads(sys.stdin.buffer.read())  # noqa: S301
    database = open_database(location, pool_size=1)
    try:
        proof = prove_stretch(database, table, after, link, until)
    finally:
        database.close()
    sys.stdout.buffer.write(pickle.dumps(proof))


if __name__ == "__main__":
    main()
