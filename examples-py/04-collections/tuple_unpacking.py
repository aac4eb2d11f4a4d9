# Card: ValueTuple and deconstruction vs tuple unpacking - the comma makes a tuple, not the parentheses: (5,) vs (5)
def min_max(values: list[int]) -> tuple[int, int]:
    return min(values), max(values)  # returns ONE tuple, like (int, int) in C#


# region core
lo, hi = min_max([7, 2, 9, 4])       # var (lo, hi) = MinMax(...)
print(lo, hi)
a, b = 1, 2
a, b = b, a                          # swap: (a, b) = (b, a)
print(a, b)
first, *rest = [1, 2, 3, 4]          # list pattern [var first, .. var rest]
print(first, rest)
for i, name in enumerate(["ann", "bob"]):  # names.Index()
    print(i, name)
single = (5,)                        # a 1-tuple needs the trailing comma
print(single[0], (5) == 5)           # (5) is just the int 5
# endregion
