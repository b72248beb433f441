"""Tiller: the Helm v2 release server (hapi.services.tiller.ReleaseService)."""
