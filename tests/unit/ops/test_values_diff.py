"""The user-supplied values part of diff previews (``app.ops.values_diff``)."""

from __future__ import annotations

import pytest

from app.ops.diff import Change
from app.ops.redact import MASK, MASK_CHANGED
from app.ops.values_diff import ValuesDiff, diff_values, values_lines

OLD = """\
replicaCount: 2
image:
  repository: nginx
  tag: "1.19"
db:
  user: admin
  password: hunter2
"""


def test_added_removed_and_changed_keys() -> None:
    new = OLD.replace('tag: "1.19"', 'tag: "1.20"').replace("replicaCount: 2\n", "")
    new += "ingress:\n  enabled: true\n"
    result = diff_values(OLD, new)
    assert result.change is Change.CHANGED and result.has_changes
    assert "-  tag: '1.19'" in result.diff and "+  tag: '1.20'" in result.diff
    assert "-replicaCount: 2" in result.diff
    assert "+ingress:" in result.diff and "+  enabled: true" in result.diff
    assert result.diff[0].startswith("@@")
    assert not any(line.startswith(("---", "+++")) for line in result.diff)


def test_formatting_comments_and_key_order_do_not_count() -> None:
    reordered = """\
# the same values, written differently
db: {password: hunter2, user: admin}
image:
    tag: '1.19'
    repository: "nginx"
replicaCount:   2
"""
    assert diff_values(OLD, reordered) == ValuesDiff(Change.UNCHANGED, ())
    assert diff_values(OLD, reordered, show_secrets=True).change is Change.UNCHANGED


def test_a_type_change_is_a_change() -> None:
    result = diff_values("replicaCount: 2\n", "replicaCount: '2'\n")
    assert result.change is Change.CHANGED
    assert result.diff[1:] == ("-replicaCount: 2", "+replicaCount: '2'")


def test_lines_are_dumped_with_sorted_keys() -> None:
    result = diff_values("", "zeta: 1\nalpha:\n  b: 2\n  a: 1\n")
    assert result.diff[1:] == ("+alpha:", "+  a: 1", "+  b: 2", "+zeta: 1")


def test_sensitive_values_are_masked_and_a_changed_one_shows_as_changed() -> None:
    new = OLD.replace("hunter2", "s3cret").replace("admin", "root") + "apiToken: abc\n"
    result = diff_values(OLD, new, context=-1)
    text = "\n".join(result.diff)
    for secret in ("hunter2", "s3cret", "abc"):
        assert secret not in text
    assert f"-  password: {MASK}" in result.diff
    assert f"+  password: '{MASK_CHANGED}'" in result.diff
    assert f"+apiToken: {MASK}" in result.diff  # new key: nothing it changed from
    assert "-  user: admin" in result.diff and "+  user: root" in result.diff


def test_an_unchanged_sensitive_value_stays_plainly_masked() -> None:
    new = OLD.replace("replicaCount: 2", "replicaCount: 3")
    result = diff_values(OLD, new, context=-1)
    assert f"   password: {MASK}" in result.diff
    assert not any(MASK_CHANGED in line for line in result.diff)


def test_only_a_sensitive_value_changing_is_still_a_change() -> None:
    result = diff_values(OLD, OLD.replace("hunter2", "letmein"))
    assert result.change is Change.CHANGED
    assert [line for line in result.diff if line[:1] in "+-"] == [
        f"-  password: {MASK}",
        f"+  password: '{MASK_CHANGED}'",
    ]


def test_masking_follows_lists_and_leaves_booleans() -> None:
    old = "users:\n- name: a\n  password: x\n- name: b\n  password: y\ntls:\n  key: true\n"
    new = old.replace("password: y", "password: z").replace("name: a", "name: c")
    result = diff_values(old, new, context=-1)
    assert result.diff[1:] == (
        " tls:",
        "   key: true",  # booleans carry no secret
        " users:",
        "-- name: a",
        "+- name: c",
        f"   password: {MASK}",  # the first user's password did not change
        " - name: b",
        f"-  password: {MASK}",
        f"+  password: '{MASK_CHANGED}'",
    )


def test_show_secrets_reveals() -> None:
    result = diff_values(OLD, OLD.replace("hunter2", "s3cret"), show_secrets=True)
    assert "-  password: hunter2" in result.diff and "+  password: s3cret" in result.diff
    assert not any("redacted" in line for line in result.diff)


@pytest.mark.parametrize("empty", [None, "", "\n", "{}\n", "null\n", "# nothing\n"])
def test_no_values_on_either_side(empty: str | None) -> None:
    assert diff_values(empty, "") == ValuesDiff()
    assert diff_values(empty, "{}\n").change is Change.UNCHANGED
    added = diff_values(empty, "a: 1\n")
    assert (added.change, added.diff) == (Change.ADDED, ("@@ -0,0 +1 @@", "+a: 1"))
    removed = diff_values("a: 1\n", empty)
    assert (removed.change, removed.diff) == (Change.REMOVED, ("@@ -1 +0,0 @@", "-a: 1"))


def test_install_masks_plainly() -> None:
    result = diff_values(None, "password: hunter2\n")
    assert result.diff[1:] == (f"+password: {MASK}",)


def test_context_lines() -> None:
    old = "".join(f"k{i:02}: {i}\n" for i in range(20))
    new = old.replace("k10: 10", "k10: 11")
    assert len(diff_values(old, new, context=0).diff) == 3  # @@, -, +
    assert len(diff_values(old, new, context=3).diff) == 3 + 6
    whole = diff_values(old, new, context=-1)
    assert len(whole.diff) == 1 + 21  # every line, the changed one twice


def test_keys_are_compared_as_strings() -> None:
    assert diff_values("1: a\n", "'1': a\n").change is Change.UNCHANGED
    mixed = diff_values("", "1: a\nb: c\n")  # mixed key types still dump (sorted)
    assert mixed.diff[1:] == ("+'1': a", "+b: c")


def test_values_that_do_not_parse_are_masked_whole() -> None:
    masked = diff_values("a: [", "a: ]")
    assert masked.diff[1:] == (f"-{MASK}", f"+{MASK_CHANGED}")
    shown = diff_values("a: [", "a: ]", show_secrets=True)
    assert shown.diff[1:] == ("-a: [", "+a: ]")


def test_text_and_document_forms() -> None:
    result = diff_values("a: 1\n", "a: 2\n")
    assert values_lines(result) == [
        "Values (user-supplied) have changed:",
        "@@ -1 +1 @@",
        "-a: 1",
        "+a: 2",
        "",
    ]
    assert values_lines(diff_values(None, "a: 1\n"))[0] == "Values (user-supplied) have been added:"
    assert values_lines(ValuesDiff()) == []
    assert result.document() == {"change": "changed", "diff": "@@ -1 +1 @@\n-a: 1\n+a: 2\n"}
    assert ValuesDiff().document() == {"change": "unchanged", "diff": ""}
