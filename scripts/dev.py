"""Set-up and process supervision behind `make run` and `make test`.

Runs with the project's virtualenv Python:
    dev.py setup            database (found or started), migrations, demo data, schedules
    dev.py run              serve the site with gunicorn and run the django-q2 worker beside it
    dev.py test [ARGS]      run pytest over the whole suite
    dev.py env              print the environment `make` uses, as shell exports
    dev.py stop-embedded    stop the project-local PostgreSQL under var/, if it runs

The database is, in this order: $DATABASE_URL; a PostgreSQL server on 127.0.0.1:5432 (user
postgres, trust auth, database `lapor`); an embedded PostgreSQL cluster under var/pgdata,
created with the system's initdb (run as the `postgres` user when we are root) or, where no
PostgreSQL binaries exist, with the `pgserver` wheel. LAPOR_DB=embedded or LAPOR_DB=pgserver
forces one of the two.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PYTHON = sys.executable
LOCAL_SERVER = ("127.0.0.1", 5432)
EMBEDDED_PORT = int(os.environ.get("LAPOR_EMBEDDED_PG_PORT", "54329"))
DB_NAME = "lapor"


def say(message: str) -> None:
    print(f"[lapor] {message}", flush=True)


def fail(message: str) -> None:
    print(f"[lapor] ERROR: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


# --- database ---------------------------------------------------------------------------


def resolve_database_url() -> str:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    if os.environ.get("LAPOR_DB") == "pgserver":
        return start_pgserver()
    if os.environ.get("LAPOR_DB") != "embedded" and port_open(*LOCAL_SERVER):
        say("Using the PostgreSQL server on 127.0.0.1:5432.")
        return f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
    return start_embedded()


def pg_bin_dir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    return versions[0].parent if versions else None


def as_postgres_user(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def start_embedded() -> str:
    bins = pg_bin_dir()
    if bins is None:
        return start_pgserver()
    data, sock, log = VAR / "pgdata", VAR / "pgsock", VAR / "postgres.log"
    VAR.mkdir(exist_ok=True)
    sock.mkdir(exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(VAR, "postgres")
        shutil.chown(sock, "postgres")
    if not (data / "PG_VERSION").exists():
        say(f"Creating an embedded PostgreSQL cluster in {data} ...")
        subprocess.run(
            as_postgres_user(
                [str(bins / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                 "-E", "UTF8", "--no-locale"]
            ),
            check=True, stdout=subprocess.DEVNULL,
        )
    if not port_open("127.0.0.1", EMBEDDED_PORT):
        say(f"Starting the embedded PostgreSQL on 127.0.0.1:{EMBEDDED_PORT} ...")
        options = f"-p {EMBEDDED_PORT} -k {sock} -c listen_addresses=127.0.0.1"
        subprocess.run(
            as_postgres_user(
                [str(bins / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w",
                 "start"]
            ),
            check=True, stdout=subprocess.DEVNULL,
        )
    else:
        say(f"Using the embedded PostgreSQL on 127.0.0.1:{EMBEDDED_PORT}.")
    return f"postgres://postgres@127.0.0.1:{EMBEDDED_PORT}/{DB_NAME}"


def start_pgserver() -> str:
    try:
        import pgserver  # noqa: PLC0415 - optional, installed only when needed
    except ImportError:
        say("No PostgreSQL binaries found; installing the pgserver wheel ...")
        subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "pgserver"], check=True)
        import pgserver  # noqa: PLC0415
    data = VAR / "pgserver"
    pgserver.get_server(str(data), cleanup_mode=None)  # starts it, or finds it running
    # pgserver listens on a Unix socket in its data directory; a percent-encoded path as
    # the host is the form both libpq and dj-database-url read.
    return f"postgres://postgres@{quote(str(data), safe='')}/{DB_NAME}"


def ensure_database(url: str) -> None:
    import psycopg  # noqa: PLC0415 - lives in the virtualenv, not needed for `env`

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                say(f"Creating database {name!r} ...")
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        fail(f"cannot reach PostgreSQL at {parts.hostname}:{parts.port}: {exc}".strip())


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DEBUG", "true")
    env["DATABASE_URL"] = resolve_database_url()
    env.setdefault("DJANGO_SETTINGS_MODULE", "lapor.settings")
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


# --- commands ---------------------------------------------------------------------------


def cmd_setup() -> dict[str, str]:
    env = environment()
    ensure_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_calendar")
    # `make run` shows a year of the demo region; the tests start from the cases alone.
    manage(env, "load_demo", *(["--history"] if env.get("LAPOR_DEMO_HISTORY") else []))
    manage(env, "register_schedules")
    if env.get("LAPOR_STATIC_MANIFEST", "").lower() in ("1", "true", "yes", "on") or (
            env["DEBUG"].lower() not in ("1", "true", "yes", "on")):
        collect_static(env)
    (VAR / "static").mkdir(parents=True, exist_ok=True)  # whitenoise's root, even in DEBUG
    (VAR / "database_url").write_text(env["DATABASE_URL"] + "\n")
    return env


STATIC_SOURCES = ["static", "var/css", "node_modules/.installed", ".venv/.installed",
                  "requirements.lock"]


def collect_static(env: dict[str, str]) -> None:
    """Hashed and compressed copies of the static files (half a minute), made again only when
    a source changed since the last time: a second `make run` starts in seconds."""
    root = Path(env.get("STATIC_ROOT", VAR / "static"))
    newest = max((path.stat().st_mtime for source in STATIC_SOURCES
                  for path in ([ROOT / source] if (ROOT / source).is_file()
                               else (ROOT / source).rglob("*"))
                  if path.exists()), default=0)
    stamp = root / ".collected"
    if stamp.exists() and (root / "staticfiles.json").exists() and stamp.stat().st_mtime >= newest:
        return
    say("Collecting and compressing static files ...")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    stamp.touch()


def cmd_env() -> None:
    url = (VAR / "database_url").read_text().strip() if (VAR / "database_url").exists() else ""
    env = {"DATABASE_URL": os.environ.get("DATABASE_URL") or url, "DEBUG": "true"}
    for key, value in env.items():
        print(f"export {key}={value}")


def cmd_run_setup() -> dict[str, str]:
    """`make run` serves static files as production does (hashed, compressed, cached) and
    shows a year of the demo region's past."""
    os.environ.setdefault("LAPOR_STATIC_MANIFEST", "true")
    os.environ.setdefault("LAPOR_DEMO_HISTORY", "true")
    return cmd_setup()


def cmd_run(env: dict[str, str]) -> None:
    host = env.get("HOST", "127.0.0.1")
    port = int(env.get("PORT", "8000"))
    if port_open(host, port):
        fail(f"{host}:{port} is already in use; stop what runs there or set PORT=...")
    # Links in the e-mails the worker sends point at this server unless told otherwise.
    env.setdefault("LAPOR_SITE_URL", f"http://{host}:{port}")
    # Each child leads a process group of its own, so that stopping it stops what it started
    # too (gunicorn's workers, qcluster's pusher, monitor and workers), whoever sent the signal.
    web = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "lapor.wsgi", "--bind", f"{host}:{port}",
         "--workers", env.get("WEB_CONCURRENCY", "3"),
         # Threads: a browser's idle, speculative connections do not hold a whole worker.
         "--threads", "4", "--access-logfile", "-"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    worker = subprocess.Popen([PYTHON, "manage.py", "qcluster"], cwd=ROOT, env=env,
                              start_new_session=True)
    children = [web, worker]

    def stop(*_):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C does not cut this short
        for child in children:
            signal_group(child, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for child in children:
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
        for child in children:  # anything of the group still alive is killed
            wait_group_gone(child, deadline)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for _ in range(100):
        if port_open(host, port) or web.poll() is not None:
            break
        time.sleep(0.1)
    print_banner(env, f"http://{host}:{port}/")
    while all(child.poll() is None for child in children):
        time.sleep(0.5)
    stop()
    sys.exit(max(child.returncode or 0 for child in children))


def signal_group(child: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, sig)


def group_alive(pgid: int) -> bool:
    """Whether any process of the group is still running (zombies aside)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def wait_group_gone(child: subprocess.Popen, deadline: float) -> None:
    while group_alive(child.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if group_alive(child.pid):
        signal_group(child, signal.SIGKILL)
    child.poll()


def print_banner(env: dict[str, str], url: str) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django  # noqa: PLC0415

    django.setup()
    from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD  # noqa: PLC0415

    lines = [
        "",
        f"  lapor is running at {url}   (admin: {url}admin/, dashboard: {url}dasbor/)",
        "  web server (gunicorn) and worker (qcluster) are running; Ctrl-C stops both.",
        f"  Demo logins, password {DEMO_PASSWORD}:",
        *(f"    {account.email:<30} {account.description}" for account in DEMO_ACCOUNTS),
        "",
    ]
    print("\n".join(lines), flush=True)


# What the tests need beside Python and npm: Debian's Chromium (Playwright drives it) and a
# Java runtime (the Nu HTML Checker, vnu-jar from npm). command → Debian package.
TEST_TOOLS = {"chromium": "chromium", "java": "default-jre-headless"}


def ensure_test_tools() -> None:
    """Installs what the tests need with apt when it can (root on Debian), else stops before
    pytest with the command to type."""
    missing = [package for command, package in TEST_TOOLS.items()
               if not shutil.which(command)
               and not (command == "chromium" and os.environ.get("LAPOR_CHROMIUM"))]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        fail(f"The browser and HTML tests need {', '.join(missing)}. Install "
             f"{'them' if len(missing) > 1 else 'it'} (sudo apt-get install -y "
             f"{' '.join(missing)}) and run make test again.")
    say(f"Installing {', '.join(missing)} for the tests (apt-get) ...")
    apt = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=apt, check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], env=apt, check=True,
                   stdout=subprocess.DEVNULL)


def cmd_test(args: list[str]) -> None:
    ensure_test_tools()
    env = cmd_setup()
    result = subprocess.run([PYTHON, "-m", "pytest", *args], cwd=ROOT, env=env)
    if result.returncode == 5:
        fail("pytest collected no tests; that is a failure here.")
    sys.exit(result.returncode)


def cmd_stop_embedded() -> None:
    bins, data = pg_bin_dir(), VAR / "pgdata"
    if bins and (data / "postmaster.pid").exists():
        subprocess.run(as_postgres_user([str(bins / "pg_ctl"), "-D", str(data), "stop"]),
                       check=False)


def main(argv: list[str]) -> None:
    os.chdir(ROOT)
    command, args = (argv[0], argv[1:]) if argv else ("help", [])
    if command == "setup":
        cmd_setup()
    elif command == "run":
        cmd_run(cmd_run_setup())
    elif command == "test":
        cmd_test(args)
    elif command == "env":
        cmd_env()
    elif command == "stop-embedded":
        cmd_stop_embedded()
    else:
        print(__doc__)
        sys.exit(0 if command == "help" else 2)


if __name__ == "__main__":
    main(sys.argv[1:])
