"""The benchmark's ceiling: a bare WSGI app answering from memory.

`make bench` records the site's responses (status, headers, body) in the file
named by BENCH_CEILING_FILE and serves them with this app under gunicorn with
the site's own settings, so the difference between the two is what the site
costs beyond the server, the network and the load generator.
"""

import os
import pickle

with open(os.environ["BENCH_CEILING_FILE"], "rb") as handle:
    RESPONSES = pickle.load(handle)  # {path with query: (status, headers, body)}

NOT_FOUND = ("404 Not Found", [("Content-Type", "text/plain")], b"not recorded")


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if environ.get("QUERY_STRING"):
        path += "?" + environ["QUERY_STRING"]
    status, headers, body = RESPONSES.get(path, NOT_FOUND)
    start_response(status, headers)
    return [body]
