"""Kubernetes access for Tiller: connection, manifests, status tables."""
