# Varnish in front of the site: anonymous pages from memory, purged by key.
#
# The site names what each public page shows in its Surrogate-Key header and
# says in Cache-Control (s-maxage) how long a shared cache may keep it; when
# content changes it sends `PURGE /` with the keys to purge in an
# `xkey-purge` header (publications/pagecache/frontends.py). Needs Debian's
# varnish (7.x) and varnish-modules (xkey).
#
# `make serve-varnish` fills in the placeholders below: the backend's
# address and the addresses allowed to purge (the app servers).

vcl 4.1;

import std;
import xkey;

backend site {
    .host = "__BACKEND_HOST__";
    .port = "__BACKEND_PORT__";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
    # robots.txt needs neither the database nor a session.
    .probe = {
        .url = "/robots.txt";
        .interval = 2s;
        .timeout = 2s;
        .window = 3;
        .threshold = 2;
    }
}

acl purgers {
    __PURGERS__
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No xkey-purge header"));
        }
        # A hard purge: a withdrawn article is never served again, even
        # while the site is down.
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff, health checks, previews and forms are the site's business alone.
    if (req.url ~ "^/(__ADMIN_PATH__|healthz|i18n/)" ||
        req.url ~ "^/([a-z]{2}/)?(preview/|pdf-preview/|comments/)") {
        return (pass);
    }
    # A signed-in editor, or a reader with a message to see (after posting a
    # comment): a page of their own.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Public pages set and read no cookie: one copy serves every reader.
    unset req.http.Cookie;
    # Tracking parameters change nothing on a page: one copy for them all.
    if (req.url ~ "[?&](utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)=") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)=[^&]*(&|$)", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    set req.url = std.querysort(req.url);
    # Stale pages are served for long only while the site does not answer.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    # Only pages that name what they show are kept: a change can purge them.
    if (!beresp.http.Surrogate-Key || beresp.ttl <= 0s || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 5s;
        return (deliver);
    }
    set beresp.http.xkey = beresp.http.Surrogate-Key;
    set beresp.grace = 24h;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.xkey;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
    if (obj.uncacheable) {
        set resp.http.X-Front-Cache = "pass";
    } elsif (obj.hits > 0) {
        set resp.http.X-Front-Cache = "hit";
    } else {
        set resp.http.X-Front-Cache = "miss";
    }
}
