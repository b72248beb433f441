import pytest

from app.repos import yamlfast, yamlio
from app.repos.errors import HelmError

DOCS = [
    "a: 1\nb: [1, 2.5, yes, no, ~, null, '1', 0x1f, 1_000, .inf, 2020-01-01, 0.1.0]\n",
    "c: {d: &x e, f: *x}\nlist: &l [1]\nagain: *l\n",
    "a: !!str 1\n",
    "<<: {a: 1}\nb: 2\n",
    "- a\n- b\n",
    "x",
    "",
    "key: |\n  literal\n  text\nfolded: >\n  one\n  two\n",
    "created: 2016-10-06T16:23:20.499814565-06:00\n",
    "yes: no\n1: 2\n",
]


@pytest.mark.parametrize("doc", DOCS)
def test_same_values_as_the_full_loader(doc: str) -> None:
    assert yamlfast.load(doc, "t") == yamlio.load(doc, "t")


@pytest.mark.parametrize("doc", ["---\na: 1\n---\nb: 2\n", "a: [1\n", "? [a]\n: b\n"])
def test_errors_come_from_the_full_loader(doc: str) -> None:
    with pytest.raises(HelmError) as fast:
        yamlfast.load(doc, "t")
    with pytest.raises(HelmError) as full:
        yamlio.load(doc, "t")
    assert str(fast.value) == str(full.value)
