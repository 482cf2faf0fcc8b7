"""A fresh database for a benchmark run."""

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def fresh_database(base: str | None, scale: int, folder: Path) -> str:
    if not base:
        return f"sqlite:///{folder / f'bench-{scale}.sqlite3'}"
    import psycopg

    parts = urlsplit(base)
    name = f"heartbeat_bench_{scale}"
    with psycopg.connect(
        urlunsplit(parts._replace(path="/postgres")), autocommit=True
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))
