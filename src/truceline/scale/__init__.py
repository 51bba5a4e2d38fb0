"""Scale-out: Spark jobs over Parquet (fusion, adjudication) and loading their results.

See ``docs/scale-out.md``. PySpark is optional (``pip install 'truceline[spark]'``); the
Parquet helpers need only pyarrow.
"""

from truceline.scale._parquet import (
    block_key,
    load_results,
    read_claims,
    read_findings,
    read_incidents,
    write_claims,
    write_incidents,
)
from truceline.scale._spark import (
    BULK_COLUMNS,
    adjudicate_job,
    bulk_adjudicate_job,
    fuse_job,
    spark_session,
    table_from_frame,
)

__all__ = [
    "BULK_COLUMNS",
    "adjudicate_job",
    "block_key",
    "bulk_adjudicate_job",
    "fuse_job",
    "load_results",
    "read_claims",
    "read_findings",
    "read_incidents",
    "spark_session",
    "table_from_frame",
    "write_claims",
    "write_incidents",
]
