# Card: enum vs Enum - a member is not an int, Color(7) raises where (Color)7 compiles, and auto() starts at 1
from enum import Enum, Flag, auto


# region core
class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3


class Perm(Flag):
    READ = auto()  # 1, 2, 4: auto() starts at 1 (a C# enum counts from 0)
    WRITE = auto()
    EXEC = auto()
# endregion


# region use
c = Color.GREEN
print(c.name.lower(), c.value, c is Color.GREEN)
print(c == 2, c.value == 2)                  # a member is not an int: == 2 is just False
print(Color(3).name.lower(), Color["RED"].value)  # by value, by name
try:
    Color(7)                                 # only defined values convert
except ValueError:
    print("7 is not a Color")
print(", ".join(m.name.lower() for m in Color))   # members in definition order
perms = Perm.READ | Perm.WRITE
print(Perm.WRITE in perms, Perm.EXEC in perms, perms.value)
# endregion
