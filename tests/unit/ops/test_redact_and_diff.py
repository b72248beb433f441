"""Masking secrets; splitting manifests; per-resource diffs with noise filters."""

from __future__ import annotations

from typing import Any

import pytest

from app.ops.diff import Change, diff_manifests, diff_text
from app.ops.manifests import ResourceKey, parse_resources
from app.ops.redact import (
    MASK,
    MASK_CHANGED,
    is_sensitive_key,
    redact_manifest,
    redact_values,
    redact_values_yaml,
)

DEPLOY = """
---
# Source: demo/templates/deploy.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
    chart: demo-{version}
spec:
  replicas: {replicas}
  template:
    metadata:
      annotations:
        checksum/config: {checksum}
    spec:
      containers:
      - name: web
        image: nginx
"""
SECRET = """
---
# Source: demo/templates/secret.yaml
apiVersion: v1
kind: Secret
metadata:
  name: web-secret
data:
  password: {password}
  user: YWRtaW4=
"""
SERVICE = """
---
# Source: demo/templates/svc.yaml
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: other
spec:
  ports:
  - port: 80
"""


def manifest(
    replicas: int = 1, version: str = "0.1.0", checksum: str = "abc", password: str = "aGk="
) -> str:
    return DEPLOY.format(replicas=replicas, version=version, checksum=checksum) + SECRET.format(
        password=password
    )


@pytest.mark.parametrize(
    ("key", "sensitive"),
    [
        ("password", True),
        ("rootPassword", True),
        ("db-password", True),
        ("apiKey", True),
        ("tls.key", True),
        ("API_TOKEN", True),
        ("existingSecret", True),
        ("secretName", False),
        ("keyName", False),
        ("keys", False),
        ("monkey", False),
        ("replicas", False),
    ],
)
def test_sensitive_keys(key: str, sensitive: bool) -> None:
    assert is_sensitive_key(key) is sensitive


def test_redact_values_masks_scalars_only() -> None:
    tree: dict[str, Any] = {
        "db": {"password": "x", "port": 5432},
        "auth": [{"token": 12}],
        "apiKey": True,
    }
    masked, changed = redact_values(tree)
    assert changed
    assert masked == {
        "db": {"password": MASK, "port": 5432},
        "auth": [{"token": MASK}],
        "apiKey": True,
    }
    assert tree["db"]["password"] == "x"  # the input is not modified


def test_redact_values_yaml_keeps_harmless_text_verbatim() -> None:
    assert redact_values_yaml("replicas:   3 # odd spacing\n") == "replicas:   3 # odd spacing\n"
    assert redact_values_yaml("password: hunter2\nx: 1\n") == f"password: {MASK}\nx: 1\n"


def test_redact_manifest_masks_secret_data_only() -> None:
    text = manifest()
    masked = redact_manifest(text)
    assert "aGk=" not in masked and "YWRtaW4=" not in masked
    assert f"password: {MASK}" in masked
    assert "# Source: demo/templates/secret.yaml" in masked
    assert "replicas: 1" in masked  # other documents untouched
    assert redact_manifest(SERVICE) == SERVICE


def test_parse_resources_keys() -> None:
    resources = parse_resources(manifest() + SERVICE, namespace="default")
    assert [r.key for r in resources] == [
        ResourceKey("apps", "Deployment", "default", "web"),
        ResourceKey("", "Secret", "default", "web-secret"),
        ResourceKey("", "Service", "other", "web"),
    ]
    assert resources[0].source == "demo/templates/deploy.yaml"
    assert str(resources[0].key) == "default, web, Deployment (apps)"


def test_diff_counts_and_noise() -> None:
    old = manifest(replicas=1, version="0.1.0", checksum="abc")
    new = manifest(replicas=2, version="0.2.0", checksum="def") + SERVICE
    result = diff_manifests(old, new, namespace="default")
    assert result.summary() == {"added": 1, "changed": 1, "removed": 0, "unchanged": 1}
    changed = next(r for r in result.resources if r.change is Change.CHANGED)
    assert "-  replicas: 1" in changed.diff and "+  replicas: 2" in changed.diff
    assert not any("chart:" in line or "checksum" in line for line in changed.diff)
    noisy = diff_manifests(old, manifest(version="0.2.0", checksum="def"), show_noise=True)
    assert noisy.count(Change.CHANGED) == 1
    quiet = diff_manifests(old, manifest(version="0.2.0", checksum="def"))
    assert not quiet.has_changes


def test_diff_masks_secret_values_but_shows_the_change() -> None:
    result = diff_manifests(manifest(password="b2xk"), manifest(password="bmV3"))
    secret = next(r for r in result.resources if r.key.kind == "Secret")
    assert secret.change is Change.CHANGED
    text = "\n".join(secret.diff)
    assert "b2xk" not in text and "bmV3" not in text
    assert f"-  password: {MASK}" in text and f"+  password: '{MASK_CHANGED}'" in text
    assert f" user: {MASK}" in text.replace("  user", " user")
    shown = diff_manifests(manifest(password="b2xk"), manifest(password="bmV3"), show_secrets=True)
    assert "+  password: bmV3" in next(r for r in shown.resources if r.key.kind == "Secret").diff


def test_diff_text_rendering() -> None:
    result = diff_manifests("", SERVICE)
    text = diff_text(result)
    assert text.startswith("other, web, Service has been added:\n")
    assert "+kind: Service" in text
    assert text.endswith("Summary: 1 added, 0 changed, 0 removed, 0 unchanged.\n")
    removed = diff_manifests(SERVICE, "")
    assert removed.resources[0].change is Change.REMOVED
