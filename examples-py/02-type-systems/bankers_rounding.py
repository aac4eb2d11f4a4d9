# Card: Math.Round vs round() - both round half to even (round(2.5) == 2); ask for half-up explicitly
from decimal import ROUND_HALF_UP, Decimal

values = [0.5, 1.5, 2.5, -2.5]
# region core
print([round(v) for v in values])                 # half to even ("banker's")
away = [Decimal(str(v)).quantize(Decimal("1"), rounding=ROUND_HALF_UP) for v in values]
print([int(d) for d in away])                     # half away from zero
print(f"{2.5:.0f} {3.5:.0f}")                     # format specs: half to even too
print(round(2.675, 2))                            # 2.67: the float is really 2.67499999...

price = Decimal("2.665")                          # exact decimal value
print(price.quantize(Decimal("0.01")))            # default: half to even
print(price.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
# endregion
