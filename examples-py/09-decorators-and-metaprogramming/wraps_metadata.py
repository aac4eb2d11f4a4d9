# Card: functools.wraps vs carrying the MethodInfo yourself - a bare wrapper hides the function's name and docstring
import functools


# region core
def plain(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    return wrapper


def kept(func):
    @functools.wraps(func)  # copies __name__, __doc__ ... and sets __wrapped__
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    return wrapper
# endregion


@plain
def area(w: int, h: int) -> int:
    """Area of a rectangle."""
    return w * h


@kept
def perimeter(w: int, h: int) -> int:
    """Perimeter of a rectangle."""
    return 2 * (w + h)


# region usage
print(f"{area(3, 4)}: name kept={area.__name__ == 'area'}, doc={area.__doc__ or '(none)'}")
print(f"{perimeter(3, 4)}: name kept={perimeter.__name__ == 'perimeter'}, doc={perimeter.__doc__}")
print(f"original: {perimeter.__wrapped__(1, 1)}")
# endregion
