# Card: tuple returns and deconstruction vs returning a tuple - `return a, b` builds a tuple, unpack it with a, b = ...
from typing import NamedTuple


# region core
def min_max(values: list[int]) -> tuple[int, int]:
    return min(values), max(values)              # the comma makes the tuple


low, high = min_max([3, 9, 1, 7])                # like var (low, high) = ...
print(low, high)
pair = min_max([5, 2])
print(pair, pair[0])                             # one tuple object

quotient, _ = divmod(17, 5)                      # _ discards a value
first, *rest = [1, 2, 3, 4]                      # star unpacking
print(quotient, first, rest)
single = (5,)                                    # the comma makes the tuple: (5) is just 5
print(single[0], (5) == 5)


class Stats(NamedTuple):                         # named elements, like (double Mean, int Count)
    mean: float
    count: int


def stats(values: list[int]) -> Stats:
    return Stats(sum(values) / len(values), len(values))


result = stats([1, 2, 3, 4])
print(result.mean, result.count)
# endregion
