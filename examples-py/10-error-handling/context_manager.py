# Card: @contextmanager vs an IDisposable helper - the code after yield only runs on an error if yield sits in try/finally
from contextlib import contextmanager, suppress


# region core
@contextmanager
def tag(name: str):
    print(f"<{name}>")
    try:
        yield  # the with-body runs here
    finally:
        print(f"</{name}>")


with tag("ul"), tag("li"):
    print("item")

try:
    with tag("p"):
        raise RuntimeError("boom")
except RuntimeError as e:
    print(f"caught {e} after </p>")
# endregion

# region suppress
with suppress(ZeroDivisionError):  # an empty catch, as a context manager
    print(1 // 0)
print("still running")
# endregion
