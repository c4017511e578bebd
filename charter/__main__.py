"""`python -m charter`."""

from charter.cli import run

run()
