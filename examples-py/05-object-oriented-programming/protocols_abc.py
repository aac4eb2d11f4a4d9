# Card: interfaces vs Protocol/ABC - a Protocol matches by shape (no ": IShape" needed); an ABC refuses instantiation at RUN time
from abc import ABC, abstractmethod
from typing import Protocol


# region core
class Shape(Protocol):            # interface IShape, checked structurally
    def area(self) -> int: ...


class Rect:                       # never mentions Shape, yet it is one
    def __init__(self, w: int, h: int) -> None:
        self.w, self.h = w, h

    def area(self) -> int:
        return self.w * self.h


class Animal(ABC):                # abstract class
    @abstractmethod
    def sound(self) -> str: ...

    def speak(self) -> str:       # concrete method shared by subclasses
        return f"{type(self).__name__} says {self.sound()}"


class Dog(Animal):
    def sound(self) -> str:
        return "woof"
# endregion


def total_area(shapes: list[Shape]) -> int:
    return sum(s.area() for s in shapes)


print(total_area([Rect(2, 3), Rect(1, 4)]))
dog = Dog()
print(dog.speak(), isinstance(dog, Animal))
try:
    Animal()  # type: ignore[abstract]
except TypeError:
    print("cannot instantiate Animal")
