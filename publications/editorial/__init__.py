"""The editorial side: how an article is written, checked and published.

`workflow` (statuses, who may move an article where, `apply_transition`),
`forms` (the article's admin form and its optimistic lock), `admin` (the
article admin's workflow) with `admin_views` (its autosave, revision and
preview-link pages), `previews` (staff previews and signed preview links),
`diffs` (what changed since a revision). The models never import from here.
"""
