"""Regenerate the committed Python code for the hapi protocol.

Usage: ``python scripts/gen_protos.py [OUT_DIR]`` (default ``protos/gen``).

The generated tree is committed and installed as the top-level package ``hapi`` (protoc
emits absolute imports such as ``from hapi.chart import chart_pb2``). The drift test runs
this into a temporary directory and compares it with the committed tree, so the output
must depend only on the .proto files and the pinned grpcio-tools / mypy-protobuf.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROTO_ROOT = ROOT / "protos"
INIT_TEXT = '"""Generated from protos/hapi by scripts/gen_protos.py. Do not edit."""\n'


def proto_files() -> list[str]:
    """Return every .proto file under protos/hapi, relative to protos/, sorted."""
    return sorted(str(p.relative_to(PROTO_ROOT)) for p in (PROTO_ROOT / "hapi").rglob("*.proto"))


def generate(out_dir: Path) -> None:
    """Run protoc (from grpcio-tools) over every hapi .proto into ``out_dir``.

    Args:
        out_dir: the directory that will hold the ``hapi`` package; its ``hapi``
            subdirectory is replaced.

    Raises:
        SystemExit: if protoc fails.
    """
    from grpc_tools import protoc  # dev dependency only; imported lazily

    # mypy-protobuf's protoc plugins live next to this interpreter (the venv's bin/).
    bin_dir = str(Path(sys.executable).parent)
    os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    include = Path(protoc.__file__).parent / "_proto"
    # Generate into a scratch directory first, so a failing run leaves the tree intact.
    with tempfile.TemporaryDirectory() as scratch:
        args = [
            "protoc",
            f"-I{PROTO_ROOT}",
            f"-I{include}",
            f"--python_out={scratch}",
            f"--grpc_python_out={scratch}",
            f"--mypy_out=quiet:{scratch}",
            f"--mypy_grpc_out=quiet:{scratch}",
            *proto_files(),
        ]
        if protoc.main(args) != 0:
            raise SystemExit("protoc failed")
        fresh = Path(scratch) / "hapi"
        for package in [fresh, *(d for d in fresh.rglob("*") if d.is_dir())]:
            (package / "__init__.py").write_text(INIT_TEXT)
            (package / "py.typed").write_text("")
        target = out_dir / "hapi"
        if target.exists():
            shutil.rmtree(target)
        out_dir.mkdir(parents=True, exist_ok=True)
        shutil.copytree(fresh, target)


def main() -> None:
    """Entry point."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "protos" / "gen"
    generate(out)


if __name__ == "__main__":
    main()
