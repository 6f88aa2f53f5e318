"""portal/pagefind_order.py: Pagefind's filter maps, written in a random order, put in one order."""

from __future__ import annotations

import gzip
import json

from reportgen.portal.pagefind_order import SIGNATURE, _decode, _encode, _Map, order_bundle


def test_cbor_round_trip():
    value = [["kind", [["lesson", [1, 7, 23, 24, 300, 70000]], ["évaluation", [0]]]], _Map([("a", None), ("b", True)]),
             -3, 1.5, b"\x00\x01", "x" * 30]
    body = _encode(value)
    assert _decode(body)[0] == value and _encode(_decode(body)[0]) == body


def _write(path, value) -> None:
    path.write_bytes(gzip.compress(SIGNATURE + _encode(value)))


def test_two_orders_of_one_bundle_become_the_same_bytes(tmp_path):
    bundles = []
    for n, order in enumerate(([("pe", [1, 2]), ("bo", [3])], [("bo", [3]), ("pe", [1, 2])])):
        bundle = tmp_path / f"b{n}"
        (bundle / "filter").mkdir(parents=True)
        name = f"en_{'abc1234' if n else 'def5678'}"
        _write(bundle / "filter" / f"{name}.pf_filter", ["country", [list(pair) for pair in order]])
        meta = f"en_{'0123456789' if n else '9876543210'}"
        filters = [["year", "en_y000000"], ["country", name]] if n else [["country", name], ["year", "en_y000000"]]
        _write(bundle / f"pagefind.{meta}.pf_meta", ["1.5.2", [], filters])
        _write(bundle / "filter" / "en_y000000.pf_filter", ["year", [["2024", [1]]]])
        languages = {"fr": {"hash": "fr_x"}, "en": {"hash": meta}} if n else {"en": {"hash": meta}, "fr": {"hash": "fr_x"}}
        (bundle / "pagefind-entry.json").write_text(json.dumps({"version": "1.5.2", "languages": languages}))
        assert order_bundle(bundle)
        bundles.append({p.relative_to(bundle).as_posix(): p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()})
    assert bundles[0] == bundles[1]
    entry = json.loads(bundles[0]["pagefind-entry.json"])
    assert list(entry["languages"]) == ["en", "fr"] and f"pagefind.{entry['languages']['en']['hash']}.pf_meta" in bundles[0]


def test_an_unknown_bundle_is_left_as_it_is(tmp_path):
    (tmp_path / "filter").mkdir()
    (tmp_path / "filter" / "en_1.pf_filter").write_bytes(gzip.compress(b"not pagefind"))
    (tmp_path / "pagefind-entry.json").write_text("{}")
    assert not order_bundle(tmp_path)
    assert gzip.decompress((tmp_path / "filter" / "en_1.pf_filter").read_bytes()) == b"not pagefind"
