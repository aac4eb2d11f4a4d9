# Card: lambdas capturing a loop variable - Python's `for` reuses ONE variable (like C#'s `for`), so bind it with i=i
# region core
late = []
for i in range(3):
    late.append(lambda: i)           # captures the variable i, not its current value
print([f() for f in late])           # [2, 2, 2]

bound = []
for i in range(3):
    bound.append(lambda i=i: i)      # the default is evaluated now: one value per lambda
print([f() for f in bound])          # [0, 1, 2]

counted = []
n = 0
while n < 3:                         # the shape of a C# for loop
    counted.append(lambda: n)
    n += 1
print([f() for f in counted])        # [3, 3, 3]
# endregion
