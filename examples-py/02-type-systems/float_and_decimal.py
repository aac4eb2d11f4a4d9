# Card: double/decimal vs float/Decimal - same IEEE double; build a Decimal from a string, never from a float
import math
from decimal import Decimal

# region core
total = 0.1 + 0.2
print(total, total == 0.3)                     # same surprise as C# double
print(math.isclose(total, 0.3))                # compare with a tolerance
print(Decimal("0.1") + Decimal("0.2"))         # 0.3, like 0.1m + 0.2m
print(Decimal("1.10") * 3)                     # 3.30: the scale is kept
print(Decimal(1) / 3)                          # rounded to 28 digits, like 1m / 3
print(Decimal(0.1))                            # the float's exact binary value!
print(Decimal(str(0.1)))                       # what (decimal)0.1 gives in C#
# endregion
