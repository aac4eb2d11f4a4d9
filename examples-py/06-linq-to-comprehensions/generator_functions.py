# Card: yield return vs yield - the body runs lazily in both (even argument checks), and yield from replaces a re-yielding foreach
from collections.abc import Iterator


# region core
def countdown(n: int) -> Iterator[int]:
    print(f"  start {n}")                 # runs at the first next(), not at the call
    if n < 0:
        raise ValueError("n must be >= 0")  # deferred too, as in a C# iterator
    while n > 0:
        yield n                           # yield return n;
        n -= 1
    print("  done")                       # runs when the loop asks for one more item


def with_zero() -> Iterator[int]:
    yield from countdown(2)               # C# re-yields each item in a foreach
    yield 0
# endregion


# region use
numbers = countdown(3)
print("created")
for n in numbers:
    print(n)
bad = countdown(-1)                       # no error yet: nothing has run
try:
    next(bad)
except ValueError as e:
    print(f"error on first use: {e}")
print(", ".join(str(n) for n in with_zero()))
# endregion
