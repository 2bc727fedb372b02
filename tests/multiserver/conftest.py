import os

import pytest

from tests.multiserver.servers import RedisServer, SiteDatabase, on_postgres


def require_server(binary, *, name: str, packages: str, flag: str) -> None:
    """Skip without a server's Debian package, unless `flag`=1 demands it."""
    if binary:
        return
    reason = f"{name} is not installed (apt-get install {packages})"
    if os.environ.get(flag) == "1":
        pytest.fail(f"{reason}, and {flag}=1")
    pytest.skip(reason)


def require_redis_server() -> None:
    require_server(
        RedisServer.binary,
        name="redis-server",
        packages="redis-server",
        flag="REDIS_REQUIRED",
    )


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A Redis of the test run's own on a free loopback port; its URL is `.url`."""
    require_redis_server()
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()


@pytest.fixture
def postgres_only():
    if not on_postgres():
        pytest.skip(
            "needs PostgreSQL: several app servers cannot share an SQLite file "
            "in production (run under scripts/with-postgres)"
        )


@pytest.fixture
def site_database(tmp_path):
    database = SiteDatabase.create(tmp_path)
    yield database
    database.drop()
