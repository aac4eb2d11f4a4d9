# Card: ToDictionary throws on a duplicate key, a dict comprehension keeps the last value - decide which one you want
from collections import defaultdict


def show(d: dict[str, int]) -> str:
    return ", ".join(f"{k}={v}" for k, v in d.items())


# region core
pairs = [("apple", 3), ("pear", 5), ("apple", 7)]

last = {name: qty for name, qty in pairs}   # no error: the later "apple" overwrites
print(show(last), show(dict(pairs)))        # dict(pairs) does the same

first: dict[str, int] = {}
for name, qty in pairs:
    first.setdefault(name, qty)             # keep the first, like TryAdd
print(show(first))

totals: defaultdict[str, int] = defaultdict(int)
for name, qty in pairs:
    totals[name] += qty                     # combine duplicates
print(show(totals))


def to_dict_strict(items: list[tuple[str, int]]) -> dict[str, int]:
    result: dict[str, int] = {}
    for key, value in items:
        if key in result:                   # what ToDictionary does for you
            raise ValueError(f"duplicate key: {key}")
        result[key] = value
    return result


try:
    to_dict_strict(pairs)
except ValueError:
    print("duplicate key rejected")
# endregion
