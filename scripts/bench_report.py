"""The benchmark's tables, as `make bench` prints them (scripts/bench.py)."""

import statistics
import sys


def say(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def print_table(report: dict, deep: int) -> None:
    say()
    say(
        f"{report['articles']:,} articles (seeded in {report['seed_seconds']:.0f} s), "
        f"{report['cpus']} CPUs, gunicorn config/gunicorn.py ({report['workers']} "
        "workers), "
        f"wrk {report['wrk']}, median of {report['rounds']} rounds taken in turn "
        "with the ceiling (ratio: median of the rounds' ratios); "
        "ceiling = bare WSGI app, same bytes, same server"
    )
    header = (
        f"{'page':<16} {'uncached ms':>11} {'(ceil)':>7} {'queries':>7} "
        f"{'cached req/s':>12} {'(ceil)':>8} {'ratio':>6} "
        f"{'p50 ms':>7} {'(ceil)':>7} {'p99 ms':>7} {'(ceil)':>7} {'hits':>8}"
    )
    say(header)
    say("-" * len(header))
    for row in report["pages"]:
        site, ceil = row["cached"], row["ceiling"]
        say(
            f"{row['page']:<16} {row['server_ms']:>11.1f} "
            f"{row['ceiling_server_ms']:>7.2f} {row['queries']:>7} "
            f"{site['rps']:>12.0f} {ceil['rps']:>8.0f} {row['ratio']:>6.0%} "
            f"{site['p50_ms']:>7.2f} {ceil['p50_ms']:>7.2f} "
            f"{site['p99_ms']:>7.2f} {ceil['p99_ms']:>7.2f} {row['x_cache_hits']:>8}"
        )
        if site["non_2xx"] or site["socket_errors"]:
            say(
                f"  ({site['non_2xx']} non-2xx responses; "
                f"socket errors: {site['socket_errors'] or 'none'})"
            )
    say(
        f"peak worker memory (VmHWM): {report['peak_worker_mb']:.0f} MB "
        f"(ceiling {report['ceiling_peak_worker_mb']:.0f} MB)"
    )
    by_name = {row["page"]: row for row in report["pages"]}
    first, deep_row = by_name["category p.1"], by_name[f"category p.{deep}"]
    say(
        f"category page {deep} / page 1 server time: "
        f"{deep_row['server_ms'] / first['server_ms']:.2f}x"
    )
    say()
    say(
        "Through Varnish (make serve-varnish, VARNISH_REQUEST_LOG=0) beside nginx "
        "serving the same bytes as a static file (access_log off); "
        f"wrk {report['wrk']}, {report['rounds']} rounds in turn"
    )
    header = (
        f"{'page':<16} {'Varnish req/s':>13} {'nginx':>8} {'ratio':>6} "
        f"{'p50 ms':>7} {'(nginx)':>7} {'p99 ms':>7} {'(nginx)':>7}"
    )
    say(header)
    say("-" * len(header))
    for row in report["front_cache"]:
        ours, theirs = row["varnish"], row["nginx"]
        say(
            f"{row['page']:<16} {ours['rps']:>13.0f} {theirs['rps']:>8.0f} "
            f"{row['ratio']:>6.0%} {ours['p50_ms']:>7.2f} {theirs['p50_ms']:>7.2f} "
            f"{ours['p99_ms']:>7.2f} {theirs['p99_ms']:>7.2f}"
        )
        if ours["non_2xx"] or ours["socket_errors"]:
            say(
                f"  ({ours['non_2xx']} non-2xx responses; "
                f"socket errors: {ours['socket_errors'] or 'none'})"
            )
    publishes = report["publish_seconds"]
    say(
        f"publish shown through Varnish (article, category, home), "
        f"{len(publishes)} publishes: median {statistics.median(publishes):.2f} s, "
        f"max {max(publishes):.2f} s"
    )
    tracked = report["tracked_addresses"]
    say(
        f"{tracked['requests']:,} × /?utm_source=N: Varnish objects added "
        f"{tracked['varnish_objects_added']}, page-cache entries added "
        f"{tracked['page_cache_entries_added']}"
    )
    say(f"targets: {report['targets']}")
    before, after = report["load_average"]
    say(
        f"bench took {report['total_seconds']:.0f} s; "
        f"load average {before:.1f} at the start, {after:.1f} at the end"
    )
