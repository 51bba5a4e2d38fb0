"""One local[2] SparkSession for the whole test session (skipped without PySpark or Java)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark", reason="PySpark is not installed (extra [spark])")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java 17 on PATH")
    from truceline.scale import spark_session

    # Small, short jobs: the quick (C1) JIT starts faster and is fast enough for them.
    session = spark_session("local[2]", app="truceline-tests", shuffle_partitions=4, conf={
        "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
        "spark.sql.adaptive.enabled": "false"})
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
