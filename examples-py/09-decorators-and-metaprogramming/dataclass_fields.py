# Card: dataclasses.fields vs record properties via reflection - fields() keeps declaration order and knows each default
from dataclasses import MISSING, asdict, dataclass, fields


@dataclass(frozen=True)
class Book:
    title: str
    author: str
    year: int = 1970


# region core
book = Book("Dune", "Frank Herbert", 1965)
for f in fields(book):
    kind = "required" if f.default is MISSING else f"default {f.default}"
    print(f"{f.name} = {getattr(book, f.name)} ({kind})")

data = asdict(book)  # a plain dict in field order
print(f"{len(data)} fields: {', '.join(data)}")
# endregion
