"""``python -m bouncekit``: the command line."""

from bouncekit.cli import main

main()
