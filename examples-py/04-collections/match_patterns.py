# Card: switch expressions with list and property patterns vs match - a mapping pattern ignores extra keys, and a bare name captures
from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int


# region core
def describe(command: object) -> str:
    match command:
        case []:
            return "nothing to do"
        case ["go", direction]:                      # exactly two items; binds direction
            return f"go {direction}"
        case ["drop", *items]:                       # list pattern with a rest
            return f"drop {len(items)} items"
        case {"action": "buy", "qty": int(qty)} if qty > 0:   # mapping pattern + guard
            return f"buy {qty}"
        case {"action": action}:                     # other keys may be present
            return f"cannot {action}"
        case Point(x=0, y=y):                        # class pattern by attribute name
            return f"on the y axis at {y}"
        case str() as word:                          # a str is not a sequence pattern
            return f"the word {word}"
        case _:
            return "unknown"
# endregion


# region use
commands: list[object] = [
    [], ["go", "north"], ["drop", "key", "lamp"],
    {"action": "buy", "qty": 3, "note": "gift"}, {"action": "buy", "qty": 0},
    Point(0, 5), Point(2, 5), "look",
]
for command in commands:
    print(describe(command))
# endregion
