"""Helm's text formats: Go time, %#v, uitable, Go JSON and YAML."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from app.client.helmfmt import (
    ansic,
    display_width,
    format_version,
    go_json,
    go_quote,
    go_version,
    go_yaml,
    uitable,
)
from app.client.models import VersionInfo

HELM_2_17 = VersionInfo("v2.17.0", "a690bad98af45b015bd3da1a41f6218b1a451dbe", "clean")


def test_ansic_pads_the_day_with_a_space() -> None:
    assert ansic(datetime(2016, 5, 9, 16, 7, 8, tzinfo=UTC), UTC) == "Mon May  9 16:07:08 2016"
    assert ansic(datetime(2009, 2, 13, 23, 31, 30, tzinfo=UTC), UTC) == "Fri Feb 13 23:31:30 2009"


def test_ansic_shows_the_given_zone() -> None:
    cest = timezone(timedelta(hours=2))
    moment = datetime(2020, 12, 31, 23, 0, 0, tzinfo=UTC)
    assert ansic(moment, cest) == "Fri Jan  1 01:00:00 2021"


def test_ansic_defaults_to_local_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        assert ansic(datetime(2020, 1, 1, tzinfo=UTC)) == "Wed Jan  1 09:00:00 2020"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_go_quote() -> None:
    assert go_quote("v2.17.0") == '"v2.17.0"'
    assert go_quote('a"b\\c\n\t\x01é\u200b') == '"a\\"b\\\\c\\n\\t\\x01é\\u200b"'


def test_version_like_helm() -> None:
    assert go_version(HELM_2_17) == (
        '&version.Version{SemVer:"v2.17.0", '
        'GitCommit:"a690bad98af45b015bd3da1a41f6218b1a451dbe", GitTreeState:"clean"}'
    )
    assert format_version(HELM_2_17, short=True) == "v2.17.0+ga690bad"
    assert format_version(HELM_2_17, short=False) == go_version(HELM_2_17)


def test_short_version_without_commit_falls_back_to_the_full_form() -> None:
    bare = VersionInfo("v2.17.0")
    assert format_version(bare, short=True) == (
        '&version.Version{SemVer:"v2.17.0", GitCommit:"", GitTreeState:""}'
    )


def test_uitable_pads_every_cell_including_the_last() -> None:
    table = uitable([("NAME", "REVISION", "X"), ("a-much-longer-name", 1, "")])
    assert table == "NAME              \tREVISION\tX\na-much-longer-name\t1       \t "


def test_uitable_cuts_cells_wider_than_the_cap() -> None:
    table = uitable([("NAME", "CHART"), ("abcdefghij", "c")], max_col_width=8)
    assert table == "NAME    \tCHART\nabcde...\tc    "


def test_uitable_measures_wide_characters() -> None:
    assert display_width("日本") == 4 and display_width("e\u0301") == 1
    assert uitable([("日本", "x"), ("abc", "y")]) == "日本\tx\nabc \ty"


def test_go_json() -> None:
    value = {"Next": "", "Releases": [{"Name": "a<b>&c", "Revision": 1, "Ok": True}]}
    assert go_json(value) == (
        '{"Next":"","Releases":[{"Name":"a\\u003cb\\u003e\\u0026c","Revision":1,"Ok":true}]}'
    )
    assert go_json(['é\u2028\b"\\']) == '["é\\u2028\\u0008\\"\\\\"]'
    assert go_json([]) == "[]"


def test_go_yaml_quotes_like_go_yaml() -> None:
    text = go_yaml({"b": ["1.0", "yes", "y", "1e3", "", "-", "v1.2", "plain words"], "a": 1})
    assert text == (
        'a: 1\nb:\n- "1.0"\n- "yes"\n- "y"\n- "1e3"\n- ""\n- \'-\'\n- v1.2\n- plain words\n'
    )
