"""Scale-out: Spark jobs over Parquet (extraction, fusion, adjudication) and loading results.

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
from truceline.scale._reports import REPORTS_SCHEMA, reports_table, text_files, write_reports
from truceline.scale._spark import (
    BULK_COLUMNS,
    adjudicate_job,
    bulk_adjudicate_job,
    fuse_job,
    spark_session,
    table_from_frame,
)
from truceline.scale._spark_extract import REPORT_STATUS_SCHEMA, extract_job

__all__ = [
    "BULK_COLUMNS",
    "REPORTS_SCHEMA",
    "REPORT_STATUS_SCHEMA",
    "adjudicate_job",
    "block_key",
    "bulk_adjudicate_job",
    "extract_job",
    "fuse_job",
    "load_results",
    "read_claims",
    "read_findings",
    "read_incidents",
    "reports_table",
    "spark_session",
    "table_from_frame",
    "text_files",
    "write_claims",
    "write_incidents",
    "write_reports",
]
