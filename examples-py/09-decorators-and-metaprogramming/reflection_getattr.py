# Card: getattr/setattr/hasattr vs GetProperty/GetValue/SetValue - lookup is exact-case, and a missing name raises unless you pass a default
from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int

    def move(self, dx: int, dy: int) -> None:
        self.x += dx
        self.y += dy


# region core
p = Point(3, 4)
for name in ["x", "y"]:
    print(f"{name} = {getattr(p, name)}")

setattr(p, "y", 10)
print(p.y, hasattr(p, "z"), getattr(p, "z", "n/a"))

getattr(p, "move")(1, 1)  # methods are attributes too
print(p.x, p.y)
# endregion
