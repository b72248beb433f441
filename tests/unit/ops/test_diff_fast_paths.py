"""The diff's fast paths (identical and noise-only documents, head-only parsing) change
nothing: every result equals a plain parse-everything reference, and the fast paths are
really taken."""

from __future__ import annotations

import copy
import difflib
import random
from collections.abc import Iterator
from typing import Any

import pytest

from app.ops import diff_sides, fastyaml
from app.ops.diff import Change, ManifestDiff, ResourceDiff, diff_manifests
from app.ops.manifests import dump, parse_resources
from app.ops.noise import NOISE_ANNOTATION_PREFIXES, NOISE_LABELS, noise_changes
from app.ops.redact import MASK, MASK_CHANGED, is_secret, mask_secret

DEPLOYMENT = """# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
    chart: web-{v}
    helm.sh/chart: "web-{v}"
    app.kubernetes.io/version: '{app}'
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        chart: web-{v}
      annotations:
        checksum/config: {sum}
        "checksum/secret": {sum}
    spec:
      containers:
      - name: web
        image: "nginx:{app}"
        args: [--port, "80"]
        env:
        - name: MODE
          value: {mode}
"""
CONFIGMAP = """# Source: web/templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  labels:
    chart: web-{v}
data:
  mode: {mode}
  notes: |
    chart: web-{v}
    metadata:
      name: not-a-key
  values.yaml: |-
    chart: {v}
"""
SECRET = """# Source: web/templates/secret.yaml
apiVersion: v1
kind: Secret
metadata:
  name: web-secret
  labels:
    chart: web-{v}
type: Opaque
data:
  password: {password}
  user: YWRtaW4=
"""
SERVICE = """# Source: web/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: edge
  annotations:
    checksum/config: {sum}
spec:
  ports:
  - port: 80
    name: http
  values:
    chart: web-{v}
"""

TEMPLATES = (DEPLOYMENT, CONFIGMAP, SECRET, SERVICE)
DEFAULTS = {
    "v": "0.1.0",
    "app": "1.16",
    "replicas": 1,
    "sum": "abc123",
    "mode": "fast",
    "password": "aGk=",
}


def manifest(docs: list[str] | None = None, **values: Any) -> str:
    """A release manifest; ``values`` override ``DEFAULTS``."""
    chosen = docs if docs is not None else [t.format(**{**DEFAULTS, **values}) for t in TEMPLATES]
    return "".join(f"---\n{doc}" for doc in chosen)


# -- the reference: parse everything, strip noise from deep copies, compare dumps


def _strip_noise(meta: Any) -> None:
    if not isinstance(meta, dict):
        return
    labels = meta.get("labels")
    if isinstance(labels, dict):
        for label in NOISE_LABELS & labels.keys():
            del labels[label]
        if not labels:
            del meta["labels"]
    annotations = meta.get("annotations")
    if isinstance(annotations, dict):
        for name in [a for a in annotations if str(a).startswith(NOISE_ANNOTATION_PREFIXES)]:
            del annotations[name]
        if not annotations:
            del meta["annotations"]


def _reference_text(obj: Any, text: str, before: Any, has_before: bool, opts: Any) -> str:
    if obj is None:
        return text + "\n"
    obj = copy.deepcopy(obj)
    if not opts["show_noise"]:
        _strip_noise(obj.get("metadata"))
        spec = obj.get("spec")
        template = spec.get("template") if isinstance(spec, dict) else None
        if isinstance(template, dict):
            _strip_noise(template.get("metadata"))
    if not opts["show_secrets"] and is_secret(obj):
        peer = (before if is_secret(before) else {}) if has_before else None
        obj = mask_secret(obj, peer)
    return dump(obj)


def reference(old: str, new: str, **opts: Any) -> ManifestDiff:
    """``diff_manifests`` as it was before the fast paths."""
    opts = {"namespace": "", "context": 3, "show_noise": False, "show_secrets": False, **opts}
    before = {r.key: r for r in parse_resources(old, opts["namespace"])}
    after = {r.key: r for r in parse_resources(new, opts["namespace"])}
    results = []
    for key in sorted(before.keys() | after.keys(), key=str):
        o, n = before.get(key), after.get(key)
        old_text = "" if o is None else _reference_text(o.obj, o.text, None, False, opts)
        new_text = (
            ""
            if n is None
            else _reference_text(n.obj, n.text, o.obj if o else None, o is not None, opts)
        )
        if o is None:
            change = Change.ADDED
        elif n is None:
            change = Change.REMOVED
        else:
            change = Change.CHANGED if old_text != new_text else Change.UNCHANGED
        lines: tuple[str, ...] = ()
        if change is not Change.UNCHANGED:
            width = opts["context"]
            if width < 0:
                width = max(old_text.count("\n"), new_text.count("\n"))
            unified = difflib.unified_diff(
                old_text.splitlines(), new_text.splitlines(), lineterm="", n=width
            )
            lines = tuple(line for line in unified if not line.startswith(("---", "+++")))
        shown = n or o
        results.append(ResourceDiff(key, shown.api_version if shown else "", change, lines))
    return ManifestDiff(tuple(results))


OPTION_SETS = [
    {},
    {"show_noise": True},
    {"show_secrets": True},
    {"context": -1, "namespace": "team"},
    {"context": 0, "show_noise": True, "show_secrets": True},
]


def _mutations(rng: random.Random) -> Iterator[str]:
    """Random pairs' new sides: noise bumps, real changes, reformatting, moved documents."""
    while True:
        values = dict(DEFAULTS)
        for name, choices in {
            "v": ["0.1.0", "0.2.0", "1.0.0-rc.1"],
            "app": ["1.16", "1.17", "2"],
            "replicas": [1, 1, 2],
            "sum": ["abc123", "abc123", "f00d"],
            "mode": ["fast", "fast", "slow"],
            "password": ["aGk=", "aGk=", "bmV3"],
        }.items():
            values[name] = rng.choice(choices)
        docs = [t.format(**values) for t in TEMPLATES]
        edit = rng.randrange(10)
        index = rng.randrange(len(docs))
        if edit == 0:
            docs.pop(index)  # removed
        elif edit == 1:
            docs.append(docs[index])  # the same key twice: the last one counts
        elif edit == 2:
            rng.shuffle(docs)
        elif edit == 3:  # reformatted: quotes and a comment, same values
            docs[index] = docs[index].replace("app: web\n", "app: 'web'  # the app\n")
        elif edit == 4:  # a noise-looking line that is real data
            docs[index] = docs[index].replace("mode: ", "chart: extra\n  mode: ", 1)
        elif edit == 5:  # kind moved after spec: the head cannot be parsed alone
            docs[index] = docs[index].replace("kind: ", "zzz: 1\nkind: ", 1)
        elif edit == 6:  # a quoted value going on at column 0, before the template's noise
            docs[index] = docs[index].replace("      labels:\n", '      x: "a\nb"\n      labels:\n')
        elif edit == 7:  # the pod template's labels given twice: the second one counts
            docs[index] = docs[index].replace(
                "    spec:\n      containers:",
                "      labels: {app: web}\n    spec:\n      containers:",
            )
        yield manifest(docs)


def test_random_pairs_match_the_reference() -> None:
    rng = random.Random(20240611)
    variants = _mutations(rng)
    base = manifest()
    for _ in range(60):
        old, new = next(variants), next(variants)
        for old_side, new_side in ((base, new), (old, new), (new, old), (new, new)):
            for opts in OPTION_SETS:
                assert diff_manifests(old_side, new_side, **opts) == reference(
                    old_side, new_side, **opts
                ), (opts, old_side, new_side)


@pytest.mark.parametrize(
    "changes",
    [
        {"v": "0.2.0"},  # chart labels on resources and pod template
        {"sum": "f00d"},  # checksum annotations, one key quoted
        {"app": "2.0"},  # app.kubernetes.io/version ... and the image: a real change
        {"replicas": 3},
        {"password": "bmV3"},
    ],
)
def test_single_changes_match_the_reference(changes: dict[str, Any]) -> None:
    old, new = manifest(), manifest(**changes)
    for opts in OPTION_SETS:
        assert diff_manifests(old, new, **opts) == reference(old, new, **opts)


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text handed to the YAML parser during the test, in order."""
    texts: list[str] = []
    load, load_with_node = fastyaml.load, fastyaml.load_with_node
    monkeypatch.setattr(fastyaml, "load", lambda text: texts.append(text) or load(text))
    monkeypatch.setattr(
        fastyaml, "load_with_node", lambda text: texts.append(text) or load_with_node(text)
    )
    return texts


def test_identical_documents_are_unchanged_and_parsed_only_to_their_key(parsed: list[str]) -> None:
    text = manifest()
    result = diff_manifests(text, text)
    assert result.summary() == {"added": 0, "changed": 0, "removed": 0, "unchanged": 4}
    assert len(parsed) == 4  # once per document for both sides...
    assert not any("\nspec:" in head or "\ndata:" in head for head in parsed)  # heads only


def test_noise_only_documents_are_unchanged_without_parsing_the_old_side(parsed: list[str]) -> None:
    def two(**values: Any) -> str:
        return manifest([t.format(**{**DEFAULTS, **values}) for t in (DEPLOYMENT, SECRET)])

    old, new = two(), two(v="9.9.9", sum="f00d")
    result = diff_manifests(old, new)
    assert result.summary() == {"added": 0, "changed": 0, "removed": 0, "unchanged": 2}
    assert not any("chart: web-0.1.0" in text for text in parsed)  # old side never parsed
    noisy = diff_manifests(old, new, show_noise=True)
    assert noisy.summary()["changed"] == 2
    deployment = next(r for r in noisy.resources if r.key.kind == "Deployment")
    assert "+    chart: web-9.9.9" in deployment.diff  # the pod template's label
    assert "+        checksum/config: f00d" in deployment.diff


def test_pod_template_noise_parses_the_new_side_only_down_to_it(parsed: list[str]) -> None:
    old = manifest([DEPLOYMENT.format(**DEFAULTS)])
    new = manifest([DEPLOYMENT.format(**{**DEFAULTS, "sum": "f00d"})])  # annotations only
    assert not diff_manifests(old, new).has_changes
    assert len(parsed) == 1 and parsed[0].endswith('"checksum/secret": f00d\n')


@pytest.mark.parametrize(
    ("doc", "through", "lines"),
    [
        (DEPLOYMENT.format(**DEFAULTS), 20, 21),  # the head, then down to line 20
        (DEPLOYMENT.format(**DEFAULTS), -1, 10),  # the head alone
        (DEPLOYMENT.format(**DEFAULTS), 4, 10),  # a line in the head: the head
        (DEPLOYMENT.format(**DEFAULTS), 30, None),  # the last line: all of it
        (CONFIGMAP.format(**DEFAULTS), 12, 13),  # inside a block scalar: cut, parses
    ],
)
def test_prefix_end(doc: str, through: int, lines: int | None) -> None:
    cut = diff_sides._prefix_end(doc, through)
    assert (None if cut is None else doc[:cut].count("\n")) == lines


def test_noise_lookalikes_outside_labels_are_changes() -> None:
    # ``chart:`` in a block scalar (ConfigMap) and under spec.values (Service) is data.
    old, new = manifest(), manifest(v="0.2.0")
    result = diff_manifests(old, new)
    changed = {r.key.kind for r in result.resources if r.change is Change.CHANGED}
    assert changed == {"ConfigMap", "Service"}
    service = next(r for r in result.resources if r.key.kind == "Service")
    assert "+    chart: web-0.2.0" in service.diff
    assert not any("checksum" in line for line in service.diff)


def test_secret_masked_after_the_fast_paths() -> None:
    # Only noise differs: unchanged; a data change shows, masked, unless secrets are shown.
    secret_only = manifest([SECRET.format(**DEFAULTS)])
    assert not diff_manifests(
        secret_only, secret_only.replace("web-0.1.0", "web-0.3.0")
    ).has_changes
    result = diff_manifests(manifest(), manifest(v="0.3.0", password="bmV3"))
    secret = next(r for r in result.resources if r.key.kind == "Secret")
    assert secret.change is Change.CHANGED
    text = "\n".join(secret.diff)
    assert "aGk=" not in text and "bmV3" not in text and "YWRtaW4=" not in text
    assert f"-  password: {MASK}" in secret.diff
    assert f"+  password: '{MASK_CHANGED}'" in secret.diff
    shown = diff_manifests(manifest(), manifest(password="bmV3"), show_secrets=True)
    revealed = next(r for r in shown.resources if r.key.kind == "Secret")
    assert "-  password: aGk=" in revealed.diff and "+  password: bmV3" in revealed.diff


def test_noise_shared_through_an_alias_is_a_change() -> None:
    doc = (
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  labels: &l\n"
        "    chart: c-{v}\nspec:\n  selector: *l\n"
    )
    old, new = manifest([doc.format(v=1)]), manifest([doc.format(v=2)])
    result = diff_manifests(old, new)
    assert result.resources[0].change is Change.CHANGED
    assert "+    chart: c-2" in result.resources[0].diff  # the selector's copy is not noise


def test_head_keys_written_after_the_spec_still_decide_the_key() -> None:
    doc = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: '1'\n"
    late = doc + "metadata:\n  name: b\n"  # a repeated key: the last one wins
    result = diff_manifests(manifest([late]), manifest([late]))
    assert [r.key.name for r in result.resources] == ["b"]
    assert diff_manifests(manifest([doc]), manifest([late])).summary()["added"] == 1


@pytest.mark.parametrize(
    ("text", "head"),
    [
        ("apiVersion: v1\nkind: A\nmetadata:\n  name: a\nspec:\n  x: 1\n", 4),
        ("kind: A\nspec:\n  x: 1\nmetadata:\n  name: a\n", None),  # metadata after spec
        # Cut where a quoted name continues: the head then fails to parse alone (below).
        ('kind: A\nmetadata:\n  name: "a\nspec: b"\ndata: {}\n', 3),
        ("kind: A\nmetadata:\n  name: a\nspec: 1\n'kind': B\n", None),  # quoted key later
        ("kind: A\nmetadata:\n  name: a\n", None),  # nothing after the head
    ],
)
def test_head_end(text: str, head: int | None) -> None:
    cut = diff_sides._head_end(text)
    assert (None if cut is None else text[:cut].count("\n")) == head


def test_head_whose_text_does_not_parse_alone_falls_back_to_the_whole() -> None:
    # The column-0 ``spec: b"`` continues a quoted name: the head cut there is invalid.
    doc = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "a\nspec: b"\ndata:\n  k: v\n'
    parsed = diff_sides.Parsed.of(doc, through=-1)
    assert parsed.obj is not None and parsed.obj["metadata"]["name"] == "a spec: b"
    result = diff_manifests(manifest([doc]), manifest([doc]))
    assert result.resources[0].key.name == "a spec: b"


@pytest.mark.parametrize(
    ("old", "new", "lines"),
    [
        ("a:\n  chart: x-1\n", "a:\n  chart: x-2\n", [1]),
        ("a:\n  chart: x-1\n", "a:\n  chart: 'x 2'\n", [1]),
        ("a:\n  chart: x-1\n", "a:\n  chart: x-1\n", None),  # equal
        ("a:\n  chart: x-1\n", "a:\n   chart: x-2\n", None),  # indentation differs
        ("a:\n  chart: x-1\n", "a:\n  chart: |\n", None),  # a block scalar starts
        ("a:\n  chart: x-1\n", "a:\n  chart: &x y\n", None),  # an anchor
        ("a:\n  chart: x-1\n", "a:\n  chart: x-1 # c\n", None),  # a comment
        ("a:\n  mode: x-1\n", "a:\n  mode: x-2\n", None),  # not a noise key
        ("a:\n  checksum/cfg: 1\n", "a:\n  checksum/cfg: 2\n", [1]),
    ],
)
def test_noise_changes(old: str, new: str, lines: list[int] | None) -> None:
    assert noise_changes(old, new) == lines
