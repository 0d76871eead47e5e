"""A database of the bench's own next to the development one (created once, kept for the
next run), and the environment of a production-like Django in this process."""

import os


def use_bench_database(suffix: str, **environment: str) -> str:
    import psycopg

    base, name = os.environ["DATABASE_URL"].rsplit("/", 1)
    name = f"{name.split('?')[0]}_{suffix}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ.update({"DATABASE_URL": f"{base}/{name}",
                       "DJANGO_SETTINGS_MODULE": "lapor.settings", **environment})
    return name
