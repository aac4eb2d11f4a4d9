# Card: record vs @dataclass(frozen=True) - value equality and hashing for free; `with { ... }` becomes dataclasses.replace()
from dataclasses import dataclass, replace


# region core
@dataclass(frozen=True)           # frozen: fields are read-only, instances hashable
class Money:
    amount: int
    currency: str = "EUR"


price = Money(10)
raised = replace(price, amount=12)           # price with { Amount = 12 }
print(price == Money(10, "EUR"), price == raised)
labels = {price: "ten"}                       # usable as a dict key
print(labels[Money(10)])
print(raised.amount, raised.currency, price.amount)
# endregion
