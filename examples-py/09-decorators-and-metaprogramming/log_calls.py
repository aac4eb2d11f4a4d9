# Card: a decorator vs a wrapper object - @log_calls runs once, at definition time, and replaces the function
import functools


# region core
def log_calls(func):
    print(f"decorating {func.__name__}")

    @functools.wraps(func)
    def wrapper(*args, **kwargs):  # accept any signature and pass it through unchanged
        wrapper.calls += 1
        result = func(*args, **kwargs)
        shown = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
        print(f"call #{wrapper.calls}: {func.__name__}({', '.join(shown)}) -> {result}")
        return result

    wrapper.calls = 0  # functions are objects: they can carry state
    return wrapper


@log_calls
def add(a: int, b: int) -> int:
    return a + b
# endregion


# region usage
print("before the first call")
add(2, 3)
add(10, -4)
print(f"add was called {add.calls} times")
# endregion
