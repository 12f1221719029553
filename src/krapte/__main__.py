"""`python -m krapte` runs the command line."""

from krapte.cli import main

main()
