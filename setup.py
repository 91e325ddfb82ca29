"""Build step beside pyproject.toml: compiles bouncekit's hot modules with Cython where it can.

bouncekit is pure Python and works as such. Where the build has Cython (pyproject's
build requirements) and a C compiler, the modules of ``bouncekit.compiled.MODULES`` are
also compiled into C extensions of the same names, and the SHA-256 of each source is
recorded beside them (``bouncekit/_compiled.json``) so that an edited source is run in
place of its stale extension (see src/bouncekit/compiled.py). Set
``BOUNCEKIT_PURE_PYTHON=1`` to build without compiling; a module that fails to compile is
reported and left pure, the build goes on.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
PACKAGE_DIR = ROOT / "src" / "bouncekit"
COMPILED = runpy.run_path(str(PACKAGE_DIR / "compiled.py"))


class OptionalBuildExt(build_ext):
    """Builds what compiles, leaves the rest pure, and records the compiled sources."""

    def finalize_options(self) -> None:
        super().finalize_options()
        if self.parallel is None:
            self.parallel = os.cpu_count() or 1

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # no compiler at all: a pure-Python install still works
            print(f"bouncekit: not compiled ({exc}); installing pure Python", file=sys.stderr)
            return
        built = {}
        for ext in self.extensions:
            module = ext.name.removeprefix("bouncekit.").removesuffix(".__init__")
            if Path(self.get_ext_fullpath(ext.name)).exists():
                built[module] = COMPILED["digest"](COMPILED["source_path"](module, PACKAGE_DIR))
        target = Path(self.get_ext_fullpath("bouncekit.x")).parent / COMPILED["MANIFEST"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(built, indent=1, sort_keys=True) + "\n")

    def build_extension(self, ext) -> None:
        if self.compiler.compiler_type == "unix":
            ext.extra_compile_args = [*ext.extra_compile_args, "-g0"]  # no debug info: a tenth the size
        try:
            super().build_extension(ext)
        except Exception as exc:
            print(f"bouncekit: {ext.name} not compiled ({exc}); it stays pure Python", file=sys.stderr)


def extensions() -> list:
    if os.environ.get(COMPILED["PURE_ENV"], "") not in ("", "0"):
        return []
    try:
        from Cython.Build import cythonize
    except ImportError:
        print("bouncekit: Cython is not installed; installing pure Python", file=sys.stderr)
        return []
    sources = [str(COMPILED["source_path"](m, PACKAGE_DIR).relative_to(ROOT)) for m in COMPILED["MODULES"]]
    return cythonize(
        sources,
        build_dir="build/cython",
        # The sources stay plain Python: their annotations are hints, not C types.
        compiler_directives={"language_level": 3, "binding": True, "annotation_typing": False},
        nthreads=os.cpu_count() or 1,
        quiet=True,
    )


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
