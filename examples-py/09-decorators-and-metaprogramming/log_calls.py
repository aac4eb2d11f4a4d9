# Card: a decorator vs a wrapper object - @log_calls runs once, at definition time, and replaces the function
import functools


# region core
def log_calls(func):
    print(f"decorating {func.__name__}")

    @functools.wraps(func)
    def wrapper(*args):
        wrapper.calls += 1
        result = func(*args)
        print(f"call #{wrapper.calls}: {func.__name__}{args} -> {result}")
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
