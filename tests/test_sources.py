"""Source files: the shipped ones load, bad ones are reported by file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.sources import BUILTIN_DIR, SourceError, load_source, load_sources, source_dirs

GOOD = """
name = "mysite"
publisher = "My Site"
kind = "ministry"
language = "en"
domains = ["example.org"]

[discovery]
feeds = ["https://example.org/feed.xml"]

[articles]
allow = ['^https://example\\.org/news/\\d+$']
"""


def write(tmp_path: Path, text: str, name: str = "mysite.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_sources_load() -> None:
    sources = load_sources(source_dirs())
    assert {"astanatimes", "chinaorgcn"} <= set(sources)
    for source in sources.values():
        assert source.path is not None and source.path.parent == BUILTIN_DIR
        assert source.kind in ("ministry", "wire", "media")
        assert source.discovery


def test_user_directory_adds_and_overrides(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, GOOD.replace('"mysite"', '"astanatimes"'), "override.toml")
    sources = load_sources(source_dirs([tmp_path]))
    assert sources["mysite"].publisher == "My Site"
    assert sources["astanatimes"].path == tmp_path / "override.toml"
    assert sources["mysite"].is_article_url("https://example.org/news/12")
    assert not sources["mysite"].is_article_url("https://example.org/news/")


@pytest.mark.parametrize(
    ("change", "field", "expected"),
    [
        (('kind = "ministry"', 'kind = "blog"'), "'kind'", "one of ministry, wire, media"),
        (('name = "mysite"', 'name = "My Site!"'), "'name'", "lower-case letters"),
        (('language = "en"', "language = 7"), "'language'", "a non-empty string"),
        (('domains = ["example.org"]', "domains = []"), "'domains'", "at least one domain"),
        (("feeds = [", "feedz = ["), "'discovery.feedz'", "no such field"),
        (
            ('"https://example.org/feed.xml"', '"example.org/feed"'),
            "'discovery.feeds'",
            "absolute http",
        ),
        (("'^https", "'(^https"), "'articles.allow'", "a valid regular expression"),
        (('publisher = "My Site"\n', ""), "'publisher'", "a non-empty string"),
    ],
)
def test_bad_source_file_names_file_field_and_expectation(
    tmp_path: Path, change: tuple[str, str], field: str, expected: str
) -> None:
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(SourceError) as error:
        load_source(path)
    message = str(error.value)
    assert str(path) in message and f"field {field}" in message and expected in message


def test_bad_listing_selector_and_url_date(tmp_path: Path) -> None:
    listing = '\n[[discovery.listings]]\nurl = "https://example.org/news/"\nnext = "a[[["\n'
    with pytest.raises(SourceError, match=r"discovery.listings\[0\].next.*selector"):
        load_source(write(tmp_path, GOOD.replace("[articles]", listing + "\n[articles]")))
    no_groups = GOOD + "url_date = '/(\\\\d{4})/'\n"
    with pytest.raises(SourceError, match="named groups"):
        load_source(write(tmp_path, no_groups))


def test_not_toml_and_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not valid TOML"):
        load_source(write(tmp_path, "name = [unclosed"))
    with pytest.raises(SourceError, match="does not exist"):
        load_sources([tmp_path / "nope"])
