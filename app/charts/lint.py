"""``helm lint``: Helm v2.17's rules, in its order, with its messages.

Three rule sets run on a chart directory: Chart.yaml (parses; name present, without dots,
matching the directory; version is semver > 0; engine; maintainers; sources; icon),
values.yaml (present, parses) and templates (directory present, chart loads, templates
render with the given values, allowed extensions, each rendered ``.yaml`` decodes).
Messages read ``[SEVERITY] path: text``.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Any

from tiller.engine.semver import SemverError, parse_constraints, parse_version


class Severity(IntEnum):
    """Helm's severities; a chart fails when its highest reaches the tolerance."""

    UNKNOWN = 0
    INFO = 1
    WARNING = 2
    ERROR = 3


@dataclass(frozen=True)
class Message:
    """One finding.

    Attributes:
        severity: how bad it is.
        path: ``Chart.yaml``, ``values.yaml``, ``templates/`` or a template's path.
        text: what is wrong.
    """

    severity: Severity
    path: str
    text: str

    def __str__(self) -> str:
        return f"[{self.severity.name}] {self.path}: {self.text}"


@dataclass
class Linter:
    """Findings for one chart directory.

    Attributes:
        chart_dir: the absolute chart directory.
        messages: findings in the order found.
    """

    chart_dir: Path
    messages: list[Message] = field(default_factory=list)

    @property
    def highest(self) -> Severity:
        """The highest severity found (UNKNOWN when clean)."""
        return max((m.severity for m in self.messages), default=Severity.UNKNOWN)

    def rule(self, severity: Severity, path: str, problem: str | None) -> bool:
        """Record ``problem`` if any; return whether the rule passed."""
        if problem is None:
            return True
        self.messages.append(Message(severity, path, problem))
        return False


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _is_request_url(text: str) -> bool:
    # govalidator.IsRequestURL: url.ParseRequestURI succeeds and a scheme is present.
    parts = urllib.parse.urlsplit(text)
    return bool(parts.scheme) and (bool(parts.netloc) or text.startswith(f"{parts.scheme}:/"))


def _is_url(text: str) -> bool:
    # govalidator.IsURL accepts host names without a scheme too.
    if not text or len(text) >= 2083 or text.startswith(".") or " " in text:
        return False
    parts = urllib.parse.urlsplit(text if "://" in text else "http://" + text)
    return bool(parts.hostname) and parts.scheme in ("http", "https", "ftp", "irc", "")


def lint_chartfile(linter: Linter) -> None:
    """The Chart.yaml rules."""
    from app.charts.chartfile import ChartfileError, parse_chartfile

    name = "Chart.yaml"
    path = linter.chart_dir / name
    if path.is_dir():
        linter.rule(Severity.ERROR, name, "should be a file, not a directory")
    try:
        md = parse_chartfile(path.read_bytes())
    except (ChartfileError, OSError) as err:
        text = f"open {path}: {err.strerror}" if isinstance(err, OSError) else str(err)
        linter.rule(Severity.ERROR, name, f"unable to parse YAML\n\t{text}")
        return
    err_ = Severity.ERROR
    linter.rule(err_, name, None if md.name else "name is required")
    dots = "name should be lower case letters and numbers. Words may be separated with dashes"
    linter.rule(Severity.WARNING, name, dots if "." in md.name else None)
    base = linter.chart_dir.name
    mismatch = f"directory name ({base}) and chart name ({md.name}) must be the same"
    linter.rule(err_, name, mismatch if md.name != base else None)
    linter.rule(err_, name, _version_problem(md.version))
    if md.engine and md.engine != "gotpl":
        linter.rule(err_, name, f"engine '{md.engine}' not valid. Valid options are [gotpl]")
    for m in md.maintainers:
        if not m.name:
            linter.rule(err_, name, "each maintainer requires a name")
            break
        if m.email and not _EMAIL.match(m.email):
            linter.rule(err_, name, f"invalid email '{m.email}' for maintainer '{m.name}'")
            break
        if m.url and not _is_url(m.url):
            linter.rule(err_, name, f"invalid url '{m.url}' for maintainer '{m.name}'")
            break
    for source in md.sources:
        if not source or not _is_request_url(source):
            linter.rule(err_, name, f"invalid source URL '{source}'")
            break
    linter.rule(Severity.INFO, name, None if md.icon else "icon is recommended")
    if md.icon and not _is_request_url(md.icon):
        linter.rule(err_, name, f"invalid icon URL '{md.icon}'")


def _version_problem(version: str) -> str | None:
    if not version:
        return "version is required"
    try:
        parsed = parse_version(version)
    except SemverError:
        return f"version '{version}' is not a valid SemVer"
    # Helm v2.17 reports the first reason semver's Validate gives against "> 0". With
    # semver v1.5.0 that rejects pre-release chart versions too ("1.0.0-rc.1 is a
    # prerelease version and the constraint is only looking for release versions").
    reasons = parse_constraints("> 0").validate(parsed)
    return f"version {reasons[0]}" if reasons else None


def lint_values(linter: Linter) -> None:
    """The values.yaml rules."""
    from tiller.engine.funcs.yamlin import YAMLError, load_yaml_like_helm

    name = "values.yaml"
    path = linter.chart_dir / name
    if not linter.rule(Severity.INFO, name, None if path.exists() else "file does not exist"):
        return
    try:
        load_yaml_like_helm(path.read_bytes().decode("utf-8", "replace"))
    except (YAMLError, OSError) as err:
        linter.rule(Severity.ERROR, name, f"unable to parse YAML: {err}")


def lint_templates(linter: Linter, values_raw: str, namespace: str, strict: bool = False) -> None:
    """The template rules: load, render with the user's values, check each output.

    Rendering is Helm v2.17's lint rendering: its engine in ``LintMode`` (a missing
    ``required`` value renders as "" instead of failing) and, with ``strict``
    (``helm lint --strict``), ``Strict`` (a missing map key is an error).
    """
    from app.charts.loader import ChartLoadError, load
    from tiller.engine.capabilities import default_capabilities
    from tiller.engine.context import ReleaseOptions
    from tiller.engine.funcs.yamlin import YAMLError, yaml_to_json_value
    from tiller.engine.render import RenderError, render_chart

    path = "templates/"
    templates = linter.chart_dir / "templates"
    if not templates.exists():
        linter.rule(Severity.WARNING, path, "directory not found")
        return
    if not templates.is_dir():
        linter.rule(Severity.WARNING, path, "not a directory")
        return
    try:
        chart = load(str(linter.chart_dir))
    except ChartLoadError as err:
        linter.rule(Severity.ERROR, path, str(err))
        return
    options = ReleaseOptions(name="testRelease", namespace=namespace, revision=0)
    try:
        rendered = render_chart(
            chart,
            values_raw or "{}\n",
            options,
            default_capabilities(),
            lint_mode=True,
            strict=strict,
        )
    except (RenderError, YAMLError, ValueError) as err:
        linter.rule(Severity.ERROR, path, str(err))
        return
    for template in chart.templates:
        name = template.name
        ext = Path(name).suffix
        if ext not in (".yaml", ".yml", ".tpl", ".txt"):
            valid = "Valid extensions are .yaml, .yml, .tpl, or .txt"
            linter.rule(Severity.ERROR, name, f"file extension '{ext}' not valid. {valid}")
        if ext != ".yaml":
            continue  # Helm checks the rendered YAML of .yaml files only
        # Partials are not in the rendered map, so they read as "" and pass, as in Helm.
        content = rendered.get(f"{chart.metadata.name}/{name}", "")
        try:
            problem = _stub_type_error(yaml_to_json_value(content))
        except YAMLError as err:
            problem = str(err)
        if problem is not None:
            linter.rule(Severity.ERROR, name, f"unable to parse YAML\n\t{problem}")
            continue
        invalid = _install_refusal(content)
        if invalid is not None:
            linter.rule(Severity.ERROR, name, invalid)


def _install_refusal(content: str) -> str | None:
    """Why Tiller would refuse a document of ``content`` at install time, if it would.

    Beyond Helm v2.17's lint (see below), on purpose: every rendered document must be
    an object with ``apiVersion`` and ``kind``, else the install fails later with this
    very message (``tiller.kube.objects``). Documents that hold only comments or
    whitespace are dropped by Tiller, so they pass here too.
    """
    from app.ops.manifests import has_content, split_documents
    from tiller.engine.funcs.yamlin import YAMLError, yaml_to_json_value

    for number, doc in enumerate(split_documents(content), start=1):
        if not has_content(doc):
            continue
        where = f" (document {number})" if number > 1 else ""
        try:
            body = yaml_to_json_value(doc)
        except YAMLError as err:
            return f"unable to parse YAML{where}\n\t{err}"
        if body is None:
            continue
        if not isinstance(body, dict):
            return f"error validating data{where}: not an object"
        missing = [f"{k} not set" for k in ("apiVersion", "kind") if not body.get(k)]
        if missing:
            return f"error validating data{where}: [{', '.join(missing)}]"
    return None


# What Helm v2.17's template rule checks in a rendered ``.yaml`` template, read from its
# pkg/lint/rules/template.go: ghodss/yaml ``Unmarshal`` into a stub struct
# ``K8sYamlStruct{Metadata struct{Namespace string}}``, reported as ``unable to parse
# YAML\n\t<err>``. So it finds YAML syntax errors in the FIRST document only (yaml.v2's
# Unmarshal reads one document) and JSON type errors against that stub, nothing more. A
# document without apiVersion or kind lints clean in v2.17 (K8sYamlStruct gained
# APIVersion/Kind only in Helm 3) and is refused at install time by Tiller's object
# validation ("error validating data: [apiVersion not set, kind not set]", see
# tiller.kube.objects). We report that at lint time instead (_install_refusal): a chart
# Tiller cannot install should not lint clean.
_JSON_KINDS = {str: "string", bool: "bool", float: "number", list: "array", dict: "object"}
_UNMARSHAL = "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal"


def _stub_type_error(document: Any) -> str | None:
    """encoding/json's first type error decoding ``document`` into K8sYamlStruct.

    ghodss hands the decoder an object with sorted keys, and field names match case
    insensitively; a string field takes any scalar (ghodss turns numbers and booleans
    into text for it), so only objects and arrays fail there. The wrapping ("error
    unmarshaling JSON: while decoding JSON: ...") is ghodss/yaml's at Helm's pin, as for
    ``fromYaml``; the field names are Go 1.14's, which built v2.17: the innermost struct's
    name (none for the anonymous Metadata struct), then the path from the top.
    """
    if document is None:
        return None
    if not isinstance(document, dict):
        kind = _JSON_KINDS[type(document)]
        return f"{_UNMARSHAL} {kind} into Go value of type rules.K8sYamlStruct"
    for key, metadata in sorted(document.items()):
        if key.casefold() != "metadata" or metadata is None:
            continue
        if not isinstance(metadata, dict):
            kind = _JSON_KINDS[type(metadata)]
            return (
                f"{_UNMARSHAL} {kind} into Go struct field K8sYamlStruct.Metadata "
                "of type struct { Namespace string }"
            )
        for field_name, namespace in sorted(metadata.items()):
            if field_name.casefold() == "namespace" and isinstance(namespace, dict | list):
                kind = _JSON_KINDS[type(namespace)]
                return (
                    f"{_UNMARSHAL} {kind} into Go struct field .Metadata.Namespace of type string"
                )
    return None


def lint_chart(
    chart_dir: Path, values_raw: str = "", namespace: str = "default", strict: bool = False
) -> Linter:
    """Run every rule on a chart directory (Helm's ``lint.All``; ``strict``: ``--strict``)."""
    linter = Linter(chart_dir.resolve())
    lint_chartfile(linter)
    lint_values(linter)
    lint_templates(linter, values_raw, namespace, strict)
    return linter
