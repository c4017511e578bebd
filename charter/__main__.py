"""`python -m charter`, through the same small entry point as the console script."""

from charter.entry import run

run()
