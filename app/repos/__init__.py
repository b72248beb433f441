"""Chart repositories on the client: home, repositories.yaml, indexes, search, fetch, serve.

Headless and Textual-free, shared by the one-shot commands, the script mode and the TUI.
"""
