# Card: local functions and closures vs nested def - rebinding an outer variable needs `nonlocal`
from collections.abc import Callable


# region core
def make_counter(start: int = 0) -> Callable[[], int]:
    count = start

    def increment() -> int:                    # a nested function is a closure
        nonlocal count                         # without it: UnboundLocalError
        count += 1
        return count

    return increment


counter = make_counter(10)
print(counter(), counter(), counter())         # 11 12 13
other = make_counter()
print(other(), counter())                      # 1 14: each call has its own count


def is_palindrome(text: str) -> bool:
    def clean(s: str) -> str:                  # a helper visible only in here
        return "".join(c.lower() for c in s if c.isalnum())

    cleaned = clean(text)
    return cleaned == cleaned[::-1]


print(is_palindrome("Never odd or even"), is_palindrome("Python"))
# endregion
