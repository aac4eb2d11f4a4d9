# Card: Sum/Aggregate/Average vs sum/functools.reduce/statistics.mean - on an empty sequence sum() is 0, but reduce() without a seed raises
import operator
from functools import reduce
from statistics import mean

prices = [3, 5, 2, 4]
empty: list[int] = []

# region core
print(sum(prices), max(prices), len(prices), mean(prices))   # Sum, Max, Count, Average
print(reduce(operator.mul, prices, 1))                       # Aggregate(1, (acc, p) => acc * p)
print(reduce(lambda acc, w: f"{acc}-{w}", ["a", "b", "c"]))  # Aggregate without a seed
print(sum(empty), max(empty, default=0))                     # Sum() is 0; Max() needs a default
try:
    reduce(operator.add, empty)
except TypeError:                                            # C#: InvalidOperationException
    print("no seed, no elements")
# endregion
