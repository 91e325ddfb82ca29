"""The registry: one decoder per module, each tested, named once, in a written order."""

from pathlib import Path

from bouncekit.decoders import REGISTRY, Decoder

DECODERS_DIR = Path(__file__).parents[2] / "src" / "bouncekit" / "decoders"


def test_every_decoder_module_is_registered_once():
    modules = {p.stem for p in DECODERS_DIR.glob("*.py")} - {"__init__", "base"}
    registered = [type(d).__module__.rsplit(".", 1)[1] for d in REGISTRY]
    assert sorted(registered) == sorted(modules)


def test_names_are_unique_and_every_decoder_has_tests():
    names = [d.name for d in REGISTRY]
    assert len(names) == len(set(names))
    assert all(isinstance(d, Decoder) and d.name for d in REGISTRY)
    tests = {p.stem.removeprefix("test_") for p in Path(__file__).parent.glob("test_*.py")}
    modules = {type(d).__module__.rsplit(".", 1)[1] for d in REGISTRY}
    assert modules <= tests


def test_order_places_the_catch_alls_last():
    names = [d.name for d in REGISTRY]
    assert names[:2] == ["forward", "arf"]
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
