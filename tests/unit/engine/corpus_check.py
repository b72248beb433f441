"""Developer check: render corpus charts (without subcharts) through the engine.

Not a unit test: a rough Helm v2 stand-in (no subcharts, approximate Capabilities)
used to measure engine fidelity against the golden per-template outputs and to time
warm renders.  Run: ``.venv/bin/python -m tests.unit.engine.corpus_check [-v] [--bench]``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, ClassVar

from tiller.engine.gotemplate import TemplateError, TemplateSet, gofunc
from tiller.engine.gotemplate.govalues import GoStruct, Int64

from .helm_harness import _values_type, available_funcs, helm_order, load_values

CORPUS = Path("/work/shared/corpus")

API_VERSIONS = {
    "v1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "extensions/v1beta1",
    "batch/v1",
    "batch/v1beta1",
    "batch/v2alpha1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2beta1",
    "autoscaling/v2beta2",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
    "admissionregistration.k8s.io/v1beta1",
    "admissionregistration.k8s.io/v1",
    "scheduling.k8s.io/v1",
    "scheduling.k8s.io/v1beta1",
    "certificates.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "apiregistration.k8s.io/v1",
    "apiregistration.k8s.io/v1beta1",
}


class VersionSet(list[str]):
    """chartutil.VersionSet."""

    _go_type: ClassVar[str] = "chartutil.VersionSet"

    @gofunc("Has", params=("string",), result="bool")
    def has(self, v: str) -> bool:
        """Whether the API version is known."""
        return v in self


class KubeVersion(GoStruct):
    """*version.Info."""

    _go_type = "*version.Info"
    _go_fields = ("Major", "Minor", "GitVersion")

    @gofunc("String", result="string")
    def string(self) -> str:
        """GitVersion."""
        return str(getattr(self, "GitVersion", ""))


class Capabilities(GoStruct):
    """*chartutil.Capabilities."""

    _go_type = "*chartutil.Capabilities"
    _go_fields = ("APIVersions", "KubeVersion", "TillerVersion")


class Metadata(GoStruct):
    """*chart.Metadata (protobuf)."""

    _go_type = "*chart.Metadata"
    _go_fields = (
        "Name",
        "Home",
        "Sources",
        "Version",
        "Description",
        "Keywords",
        "Maintainers",
        "Engine",
        "Icon",
        "ApiVersion",
        "Condition",
        "Tags",
        "AppVersion",
        "Deprecated",
        "TillerVersion",
        "Annotations",
        "KubeVersion",
    )


def _metadata(meta: dict[str, Any]) -> Metadata:
    fields = {}
    for f in Metadata._go_fields:
        key = f[0].lower() + f[1:]
        v = meta.get(key, meta.get(f))
        if v is None:
            v = "" if f not in ("Sources", "Keywords", "Maintainers", "Deprecated") else None
        fields[f] = v
    if fields["Deprecated"] is None:
        fields["Deprecated"] = False
    return Metadata(**fields)


def _coalesce(dst: dict[str, Any], src: dict[str, Any]) -> dict[str, Any]:
    for k, v in src.items():
        if v is None:
            dst.pop(k, None)
        elif isinstance(v, dict) and isinstance(dst.get(k), dict):
            _coalesce(dst[k], v)
        else:
            dst[k] = v
    return dst


def _files(chart: Path) -> Any:
    try:
        from tiller.engine.files import Files
    except ImportError:
        return {}
    out = {}
    for p in sorted(chart.rglob("*")):
        rel = p.relative_to(chart).as_posix()
        if p.is_dir() or rel.startswith(("templates/", "charts/")):
            continue
        if rel in ("Chart.yaml", "values.yaml"):
            continue
        out[rel] = p.read_bytes()
    return Files(out)


def load_case(case_dir: Path) -> dict[str, Any] | None:
    """Everything needed to render one corpus case, or None if out of scope."""
    args = json.loads((case_dir / "args.json").read_text())
    chart = CORPUS / args["chart"]
    if (chart / "charts").exists() or args.get("set") or not (case_dir / "expected.json").exists():
        return None
    meta = load_values((chart / "Chart.yaml").read_text())
    name = str(meta["name"])
    values = (
        load_values((chart / "values.yaml").read_text()) if (chart / "values.yaml").exists() else {}
    )
    for v in args.get("values", []):
        _coalesce(values, load_values((case_dir / v).read_text()))
    templates = {}
    for p in sorted((chart / "templates").rglob("*")):
        if p.is_file():
            rel = p.relative_to(chart / "templates").as_posix()
            templates[f"{name}/templates/{rel}"] = p.read_bytes().decode("utf-8", "surrogateescape")
    nondet = set()
    if (case_dir / "nondeterministic.txt").exists():
        nondet = set((case_dir / "nondeterministic.txt").read_text().split())
    major, _, minor = str(args.get("kube_version") or "1.14").partition(".")
    top = {
        "Values": _values_type(values),
        "Chart": _metadata(meta),
        "Release": {
            "Name": args["name"],
            "Namespace": args["namespace"],
            "Service": "Tiller",
            "IsInstall": not args.get("is_upgrade"),
            "IsUpgrade": bool(args.get("is_upgrade")),
            "Revision": Int64(args.get("revision", 0)),
            "Time": None,
        },
        "Files": _files(chart),
        "Capabilities": Capabilities(
            APIVersions=VersionSet(sorted(API_VERSIONS)),
            KubeVersion=KubeVersion(Major=major, Minor=minor, GitVersion=f"v{major}.{minor}.0"),
            TillerVersion=None,
        ),
    }
    return {
        "name": case_dir.name,
        "templates": templates,
        "top": top,
        "expected": json.loads((case_dir / "expected.json").read_text()),
        "nondet": nondet,
    }


def parse_case(case: dict[str, Any]) -> TemplateSet:
    """Parse every template of a case in Helm's order."""
    ts = TemplateSet(available_funcs(), missingkey="zero")
    for n in helm_order(list(case["templates"])):
        ts.parse(n, case["templates"][n])
    return ts


def render_case(case: dict[str, Any], ts: TemplateSet | None = None) -> dict[str, str]:
    """Render every template of a case; values are the outputs or 'ERROR: ...'."""
    if ts is None:
        ts = parse_case(case)
    out = {}
    for n in helm_order(list(case["templates"])):
        if n.rsplit("/", 1)[-1].startswith("_"):
            continue
        data = dict(case["top"])
        data["Template"] = {"Name": n, "BasePath": n.rsplit("/templates/", 1)[0] + "/templates"}
        try:
            out[n] = ts.execute(n, _values_type(data)).replace("<no value>", "")
        except TemplateError as e:
            out[n] = f"ERROR: {e}"
    return out


def main() -> None:
    """Render all in-scope cases; print per-template mismatches and totals."""
    verbose = "-v" in sys.argv
    bench = "--bench" in sys.argv
    ok = bad = 0
    timings = []
    for case_dir in sorted((CORPUS / "cases").iterdir()):
        case = load_case(case_dir)
        if case is None:
            continue
        try:
            got = render_case(case)
        except TemplateError as e:
            print(f"{case['name']}: PARSE {e}")
            bad += 1
            continue
        if bench:
            t0 = time.process_time()
            ts = parse_case(case)
            t1 = time.process_time()
            render_case(case, ts)  # compiles
            t2 = time.process_time()
            for _ in range(5):
                render_case(case, ts)
            warm = (time.process_time() - t2) / 5
            timings.append((warm, t1 - t0, t2 - t1, case["name"]))
        for path, want in case["expected"].items():
            if path in case["nondet"] or path not in got:
                continue
            if got[path].rstrip() == want.rstrip():
                ok += 1
            else:
                bad += 1
                if verbose:
                    print(f"--- {case['name']} {path}")
                    g, w = got[path], want
                    i = next((k for k in range(min(len(g), len(w))) if g[k] != w[k]), 0)
                    print(f"  want: {w[max(0, i - 80) : i + 120]!r}")
                    print(f"  got:  {g[max(0, i - 80) : i + 120]!r}")
    print(f"templates identical: {ok}, different: {bad}")
    if timings:
        timings.sort()
        n = len(timings)
        warm = sum(t[0] for t in timings) * 1000
        parse = sum(t[1] for t in timings) * 1000
        first = sum(t[2] for t in timings) * 1000
        print(f"{n} charts (CPU time): parse {parse:.0f} ms, first render (compile) {first:.0f} ms")
        median = timings[n // 2][0] * 1000
        print(f"warm render: total {warm:.1f} ms, median {median:.2f} ms/chart")
        for w, _, _, name in timings[-5:]:
            print(f"  slowest warm: {name}: {w * 1000:.1f} ms")


if __name__ == "__main__":
    main()
