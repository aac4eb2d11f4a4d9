# Card: params T[] vs *args and **kwargs - unpack a list with * and a dict with ** at the call site
# region core
def total(*numbers: int) -> int:                   # numbers is a tuple
    return sum(numbers)


def describe(name: str, **options: object) -> str:  # options is a dict, in call order
    pairs = ", ".join(f"{key}={value}" for key, value in options.items())
    return f"{name}({pairs})"


print(total(), total(1, 2, 3))
values = [4, 5, 6]
print(total(*values))                              # spread a list into *numbers
print(describe("button", color="red", size=3))
settings = {"width": 80, "visible": True}
print(describe("panel", **settings))               # spread a dict into **options
# endregion
