"""CSRF tokens the page cache makes for visitors, checked against Django's own."""

import os

from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    _unmask_cipher_token,
)

from publications.pagecache import entries


def test_new_visitors_get_distinct_secrets_and_tokens_django_accepts():
    pairs = [entries.new_csrf_secret_and_token() for _ in range(3 * 64 + 5)]

    for secret, token in pairs:
        assert len(secret) == CSRF_SECRET_LENGTH and len(token) == 2 * len(secret)
        assert set(secret + token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == secret
    assert len({secret for secret, _ in pairs}) == len(pairs)
    assert len({token for _, token in pairs}) == len(pairs)


def test_a_returning_visitors_tokens_differ_and_unmask_to_the_secret():
    secret = "aZ09" * 8
    tokens = {entries.mask_csrf_secret(secret) for _ in range(500)}

    assert len(tokens) == 500
    assert all(_unmask_cipher_token(token) == secret for token in tokens)


def test_a_forked_worker_never_reuses_its_parents_secrets():
    entries.new_csrf_secret_and_token()  # the parent holds a batch now
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.close(read)
        drawn = [entries.new_csrf_secret_and_token()[0] for _ in range(64)]
        os.write(write, "\n".join(drawn).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        child_secrets = set(pipe.read().split("\n"))
    os.waitpid(child, 0)
    parent_secrets = {entries.new_csrf_secret_and_token()[0] for _ in range(64)}

    assert len(child_secrets) == 64
    assert not child_secrets & parent_secrets
