# Card: x.GetType().Name / switch on type vs type(x).__name__ / match - and True is also an int in Python
from decimal import Decimal

CS_NAMES = {int: "Int32", float: "Double", str: "String", bool: "Boolean", Decimal: "Decimal"}


# region core
def describe(value: object) -> str:
    match value:
        case bool():                     # must come before int(): bool subclasses int
            return "a flag"
        case int() | float() | Decimal():
            return "a number"
        case str():
            return "text"
        case _:
            return "something else"


for value in [42, 3.5, "hi", True, Decimal("1.10")]:
    py_name = type(value).__name__       # int, float, str, bool, Decimal
    print(f"{str(value):>5}  {py_name:<7} {CS_NAMES[type(value)]:<7} {describe(value)}")

flags = [True, False, True]
print(isinstance(3.5, (int, float)), sum(flags))   # isinstance(True, int) is True: sum counts the Trues
# endregion
