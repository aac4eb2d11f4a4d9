# Card: Func<T, TResult> and x => ... vs Callable and lambda x: ... - a lambda is one expression; use def for anything more
from collections.abc import Callable


# region core
def apply_twice(f: Callable[[int], int], x: int) -> int:   # Func<int, int>
    return f(f(x))


def square(x: int) -> int:
    return x * x


print(apply_twice(square, 3))                    # pass a function by name
print(apply_twice(lambda x: x + 10, 3))          # x => x + 10

words = ["banana", "Cherry", "apple"]
print(", ".join(sorted(words)))                  # ordinal: uppercase first
print(", ".join(sorted(words, key=str.lower)))   # a method used as the key function
print(", ".join(sorted(words, key=lambda w: (len(w), w))))  # several keys: return a tuple
print(", ".join(map(lambda w: w[0], words)), "|", ", ".join(filter(lambda w: "a" in w, words)))
# endregion
