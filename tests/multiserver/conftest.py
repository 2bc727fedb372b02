import os

import pytest

from tests.multiserver.servers import RedisServer, SiteDatabase, on_postgres


def require_redis_server() -> None:
    """Skip without Debian's redis-server, unless REDIS_REQUIRED=1 demands it."""
    if RedisServer.binary:
        return
    reason = "redis-server is not installed (apt-get install redis-server)"
    if os.environ.get("REDIS_REQUIRED") == "1":
        pytest.fail(f"{reason}, and REDIS_REQUIRED=1")
    pytest.skip(reason)


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
