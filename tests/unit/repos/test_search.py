from app.repos.index import parse_index
from app.repos.search import SearchIndex, apply_constraint, sort_results

INDEX = b"""apiVersion: v1
entries:
  nginx:
  - {name: nginx, version: 1.2.0, description: A web server, keywords: [http]}
  - {name: nginx, version: 1.10.0, description: A web server, keywords: [http]}
  - {name: nginx, version: 2.0.0-beta, description: A web server, keywords: [http]}
  mariadb:
  - {name: mariadb, version: 0.5.0, description: Fast SQL database,
     keywords: [mysql, nginx-friendly]}
  Zeta:
  - {name: Zeta, version: 1.0.0, description: uses NGINX}
generated: x
"""


def _index(all_versions: bool = False) -> SearchIndex:
    s = SearchIndex()
    s.add_repo("stable", parse_index(INDEX, "t"), all_versions)
    return s


def test_literal_search_ranks_name_before_description_before_keywords() -> None:
    results = sort_results(_index().search("NGINX"))
    # Literal results carry the lower-cased name, as Helm's do.
    assert [(r.name, r.score) for r in results] == [
        ("stable/nginx", 0),
        ("stable/zeta", 2),
        ("stable/mariadb", 3),
    ]
    assert results[0].chart["version"] == "2.0.0-beta"


def test_regexp_search_and_threshold() -> None:
    results = sort_results(_index().search("Fast S.L", regexp=True))
    assert [(r.name, r.score) for r in results] == [("stable/mariadb", 2)]
    assert _index().search("nope") == []


def test_versions_listing_sorted_newest_first_and_constraint() -> None:
    results = sort_results(_index(True).search("nginx"))
    names = [(r.name, r.chart["version"]) for r in results if r.name == "stable/nginx"]
    assert names == [
        ("stable/nginx", "2.0.0-beta"),
        ("stable/nginx", "1.10.0"),
        ("stable/nginx", "1.2.0"),
    ]
    picked = apply_constraint(results, "^1.0.0", all_versions=False)
    assert [(r.name, r.chart["version"]) for r in picked if r.name == "stable/nginx"] == [
        ("stable/nginx", "1.10.0")
    ]


def test_all_lists_every_chart() -> None:
    names = sorted(r.name for r in _index().all())
    assert names == ["stable/Zeta", "stable/mariadb", "stable/nginx"]
