# Card: with vs using - resources close in reverse order, and __exit__ still runs when the body raises
class Resource:
    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self) -> "Resource":
        print(f"open {self.name}")
        return self  # this is what `as` binds

    def __exit__(self, exc_type, exc, tb) -> bool:
        print(f"close {self.name}")
        return False  # False: let the exception propagate


# region core
with Resource("db") as db, Resource("file") as file:
    print(f"using {db.name} and {file.name}")

try:
    with Resource("db"), Resource("file"):
        raise OSError("disk full")
except OSError as e:
    print(f"caught: {e}")
# endregion
