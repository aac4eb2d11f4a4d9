# Card: optional List parameter vs a mutable default argument - Python evaluates `tags=[]` once and shares that list
# region trap
def add_tag_shared(tag: str, tags: list[str] = []) -> list[str]:   # the trap
    tags.append(tag)
    return tags
# endregion


# region fix
def add_tag(tag: str, tags: list[str] | None = None) -> list[str]:
    if tags is None:
        tags = []                    # a fresh list on every call
    tags.append(tag)
    return tags
# endregion


# region calls
print(", ".join(add_tag_shared("a")))  # a
print(", ".join(add_tag_shared("b")))  # a, b - still the list from the first call
print(", ".join(add_tag("a")))        # a
print(", ".join(add_tag("b")))        # b
print(", ".join(add_tag("c", ["x"])))  # x, c
# endregion
