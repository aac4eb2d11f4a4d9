# Card: constructors vs __init__ - fields are made by assigning to self; a list written at class level is ONE shared list (a C# static)
# region core
class Cart:
    def __init__(self, owner: str) -> None:  # the constructor; no `new` at the call site
        self.owner = owner                    # attributes exist once assigned
        self.items: list[str] = []            # a fresh list per instance


class BadCart:
    items: list[str] = []                     # class attribute: shared by ALL instances

    def __init__(self, owner: str) -> None:
        self.owner = owner
# endregion


# region use
ann, bob = Cart("ann"), Cart("bob")
ann.items.append("apple")
bob.items.append("bread")
print(f"{ann.owner}: {', '.join(ann.items)}")
print(f"{bob.owner}: {', '.join(bob.items)}")

x, y = BadCart("x"), BadCart("y")
x.items.append("apple")
y.items.append("bread")
print(f"{x.owner}: {', '.join(x.items)}")     # x sees y's bread
# endregion
