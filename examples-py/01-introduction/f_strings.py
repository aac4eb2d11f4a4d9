# Card: $"..." vs f"..." - same idea, but {x:8} left-aligns strings and right-aligns numbers in Python
name = "Ada"
items = 3
# region core
print(f"Hello, {name}!")
print(f"{items} item{'s' if items != 1 else ''}")   # any expression inside {}
print(f"[{name:>8}] [{name:<8}]")                   # > right, < left
print(f"[{name:8}] [{items:8}]")                    # default: str left, number right
print(f"{{braces}} and {name.upper()}")             # {{ }} escape braces
print(f"{items=}")                                  # debug form: name=value
# endregion
