"""The interface's screens, one module each."""
