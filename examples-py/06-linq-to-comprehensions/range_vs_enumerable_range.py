# Card: Enumerable.Range(start, count) vs range(start, stop) - the 2nd argument differs: range(1, 5) stops at 4
# region core
wrong = list(range(1, 5))             # stop is exclusive: 1..4
right = list(range(1, 5 + 1))         # Enumerable.Range(1, 5) = 1..5
print(wrong, right)

start, count = 10, 3
print(list(range(start, start + count)))  # Range(start, count) -> range(start, start + count)
print(list(range(0, 10, 3)))              # a step: no Range overload, Select(i => i * 3) in C#
print(list(range(3, 0, -1)))              # counting down
# endregion
