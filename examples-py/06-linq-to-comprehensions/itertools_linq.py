# Card: Take/Concat/TakeWhile/Chunk vs itertools - islice on an iterator continues where it stopped, Take restarts
from collections.abc import Iterable, Iterator
from itertools import accumulate, chain, count, islice, pairwise, takewhile


def show(items: Iterable[object]) -> str:
    return " ".join(str(x) for x in items)


# region core
def chunked(items: Iterable[int], size: int) -> Iterator[list[int]]:
    it = iter(items)                              # one iterator, consumed chunk by chunk
    while chunk := list(islice(it, size)):        # itertools.batched(items, size) in 3.12+
        yield chunk


squares = (n * n for n in count(1))               # infinite: 1, 4, 9, ...
print(show(islice(squares, 4)))                   # Take(4)
print(show(takewhile(lambda n: n < 50, squares)))   # TakeWhile: the generator continues at 25
print(show(chain([1, 2], (3, 4))))                # Concat
print(show(accumulate([1, 2, 3, 4])))             # running total (no LINQ operator)
print(show(f"{a}-{b}" for a, b in pairwise([1, 4, 9, 16])))   # Zip(xs, xs.Skip(1))
print(" | ".join(show(c) for c in chunked(range(1, 8), 3)))   # Chunk(3)
# endregion
