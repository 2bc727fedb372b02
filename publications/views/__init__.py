"""Public views, one module per area: pages, search, system."""
