# Card: functools.lru_cache vs a Dictionary cache - one line of decorator, but arguments must be hashable and the default maxsize is 128
import functools


# region core
@functools.lru_cache(maxsize=None)  # functools.cache is the same thing
def fib(n: int) -> int:
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(80))
info = fib.cache_info()
print(f"hits={info.hits} misses={info.misses} size={info.currsize}")
# endregion

fib(80)
print(f"again: hits={fib.cache_info().hits}")
fib.cache_clear()
print(f"cleared: size={fib.cache_info().currsize}")
