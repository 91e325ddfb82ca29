"""The registry: one decoder per module, each tested, named once, in a written order."""

from pathlib import Path

from bouncekit.decoders import REGISTRY, Decoder

DECODERS_DIR = Path(__file__).parents[2] / "src" / "bouncekit" / "decoders"


def _packages(folder: Path) -> set[str]:
    """The sub-packages of ``folder``: a decoder too large for one module is a package (its
    decoder in its ``__init__``), and its tests a folder of the same name."""
    return {p.name for p in folder.iterdir() if (p / "__init__.py").is_file()}


def test_every_decoder_module_is_registered_once():
    modules = ({p.stem for p in DECODERS_DIR.glob("*.py")} | _packages(DECODERS_DIR)) - {"__init__", "base"}
    registered = [type(d).__module__.rsplit(".", 1)[1] for d in REGISTRY]
    assert sorted(registered) == sorted(modules)


def test_names_are_unique_and_every_decoder_has_tests():
    names = [d.name for d in REGISTRY]
    assert len(names) == len(set(names))
    assert all(isinstance(d, Decoder) and d.name for d in REGISTRY)
    here = Path(__file__).parent
    tests = {p.stem.removeprefix("test_") for p in here.glob("test_*.py")} | _packages(here)
    modules = {type(d).__module__.rsplit(".", 1)[1] for d in REGISTRY}
    assert modules <= tests


def test_order_places_the_catch_alls_last():
    names = [d.name for d in REGISTRY]
    # The complaint formats first, before the forwards (a person forwards spam to an abuse desk).
    assert names[:5] == ["arf", "xarf", "spamcop", "abuse-report", "forward"]
    assert names[-1] == "fallback"
    assert names.index("rfc3464") > names.index("postfix")
    assert names.index("autoreply") > names.index("rfc3464")


def test_the_index_skips_only_decoders_that_do_not_match():
    from bouncekit.decoders import INDEX
    from bouncekit.errors import BounceError
    from bouncekit.mime import load

    fixtures = Path(__file__).parents[1] / "fixtures"
    checked = 0
    for path in sorted(fixtures.rglob("*.eml")):
        try:
            view = load(path.read_bytes())
        except BounceError:
            continue
        candidates = set(map(id, INDEX.candidates(view)))
        missed = [d.name for d in REGISTRY if id(d) not in candidates and d.matches(view)]
        assert not missed, f"{path.name}: the index skips {missed}, which match"
        checked += 1
    assert checked > 900


def test_every_marker_is_looked_up_by_a_piece_of_itself():
    # The index finds a marker by a key inside it (so wherever the marker is, the key
    # is too); ASCII keys start with a space, colon, hyphen or slash where they can.
    from bouncekit.decoders.base import _index_key

    markers = {m for d in REGISTRY for m in (*d.markers, *d.more_keys.markers)}
    for marker in markers:
        if marker.isascii():
            key = _index_key(marker)
            assert key in marker and len(key) >= min(len(marker), 6)
    assert _index_key("unrecognized-OR-name") == "-OR-name"
    assert _index_key("This is the mail system at host") == " is the mail system at host"
    assert _index_key("O/R name") == "/R name"
    assert _index_key("abcdefgh") == "abcdefgh"


def test_markers_with_other_characters_are_found_in_texts_that_have_them():
    from bouncekit.decoders import INDEX
    from bouncekit.mime import load

    def candidates(text: str) -> set[str]:
        raw = f"From: someone@example.org\nContent-Type: text/plain; charset=utf-8\n\n{text}\n"
        return {d.name for d in INDEX.candidates(load(raw.encode()))}

    assert "netease" in candidates("抱歉，您的邮件被退回来了。")
    assert "mfilter" in candidates("「m-FILTER」 notice")
    assert "x400" in candidates("reason: unrecognized-OR-name")
    assert "mailenable" in candidates("MailEnable: Message delivery failed")
    assert not {"netease", "mfilter", "x400", "mailenable"} & candidates("nothing to see here")


def test_diagnostic_types_and_mta_names_read_as_the_substitutions_do():
    from bouncekit.decoders.base import _DIAGNOSTIC_PREFIX, _without_diagnostic_type
    from bouncekit.mime import _mta_name

    for text in ("smtp; 550 no", " X-Postfix ; host said", "550 5.1.1; no", "no type", "", ";"):
        assert _without_diagnostic_type(text) == _DIAGNOSTIC_PREFIX.sub("", text)
    from bouncekit.mime import _ADDRESS_TYPE

    def substituted(value: str) -> str | None:  # _mta_name as it was, substituting always
        value = _ADDRESS_TYPE.sub("", value).strip().strip("[]<>").strip()
        return value.split()[0].lower().rstrip(".") if value else None

    for value in ("dns; MX.Example.ORG.", "dns;[192.0.2.1]", " ; ", "mx.example.org (x)", "x400; a b"):
        assert _mta_name(value) == substituted(value)
    assert _mta_name("dns; MX.Example.ORG.") == "mx.example.org" and _mta_name(None) is None
