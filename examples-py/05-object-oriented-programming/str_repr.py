# Card: ToString() vs __str__/__repr__ - print() and f"{x}" use __str__, but a printed list shows each item's __repr__
# region core
class Money:
    def __init__(self, amount: int, currency: str) -> None:
        self.amount, self.currency = amount, currency

    def __str__(self) -> str:     # for users: the ToString() you know
        return f"{self.amount} {self.currency}"

    def __repr__(self) -> str:    # for developers: unambiguous, ideally valid Python
        return f"Money({self.amount!r}, {self.currency!r})"
# endregion


wallet = [Money(5, "EUR"), Money(7, "USD")]
print(wallet[0])                       # __str__
print(f"total: {wallet[1]}")           # __str__
print(f"debug: {wallet[0]!r}")         # __repr__
print(wallet)                          # list -> __repr__ of every item
print(", ".join(map(str, wallet)))     # __str__ of every item
