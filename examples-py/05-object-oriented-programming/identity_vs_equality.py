# Card: ReferenceEquals vs is, Equals vs == - `is` is identity, `==` calls __eq__; never use `is` to compare numbers or strings
from dataclasses import dataclass


# region types
class PointClass:                 # no __eq__: == falls back to identity (a C# class)
    def __init__(self, x: int, y: int) -> None:
        self.x, self.y = x, y


@dataclass(frozen=True)
class PointData:                  # @dataclass writes __eq__ (a C# record)
    x: int
    y: int
# endregion


# region core
a, b = PointClass(1, 2), PointClass(1, 2)
print(a == b, a is b)             # False False
c, d = PointData(1, 2), PointData(1, 2)
print(c == d, c is d)             # True False
alias = c
print(alias is c)                 # True: same object

small, big = int("5"), int("1000")
print(small is int("5"), big is int("1000"))  # True False: CPython caches only -5..256
print(small == 5, big == 1000)    # True True: compare values with ==
# endregion
