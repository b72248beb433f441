"""helm-tui: the Helm v2 client (commands, Tiller client facade, charts, repositories)."""
