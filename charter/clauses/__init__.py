"""The clause library: clause files (`files`), what templates see (`context`), the sandboxed
environment (`environment`) and its private cache (`cache`), choosing and rendering the clauses of a
charter (`render`), and whole libraries: list, eject, check (`library`)."""
