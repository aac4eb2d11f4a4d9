# Card: operator overloading and IComparable<T> vs __add__/__eq__/__lt__/__hash__ - @total_ordering writes <=, >, >= for you
from functools import total_ordering


# region core
@total_ordering                          # derives <=, > and >= from __eq__ and __lt__
class Money:
    def __init__(self, cents: int) -> None:
        self.cents = cents

    def __add__(self, other: "Money") -> "Money":
        return Money(self.cents + other.cents)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented        # Python then falls back to identity: False
        return self.cents == other.cents

    def __lt__(self, other: "Money") -> bool:
        return self.cents < other.cents

    def __hash__(self) -> int:           # defining __eq__ alone makes the class unhashable
        return hash(self.cents)

    def __str__(self) -> str:
        return f"${self.cents / 100:.2f}"
# endregion


# region use
prices = [Money(250), Money(199), Money(1000), Money(199)]
print(", ".join(str(p) for p in sorted(prices)))   # sorted() and max() use __lt__
print(max(prices), sum(prices, Money(0)))          # sum() starts at 0 unless given a Money
print(Money(199) <= Money(250), Money(250) >= Money(1000))
print(Money(199) == Money(199), Money(199) == 199)
print(len(set(prices)))                            # equal and same hash: one entry
# endregion
