# Card: isinstance/issubclass vs is/IsSubclassOf - isinstance accepts subclasses, type(x) is C does not; a class is a callable object
class Animal:
    pass


class Dog(Animal):
    pass


# region core
pets: list[Animal] = [Dog(), Animal()]
for pet in pets:
    print(type(pet).__name__, isinstance(pet, Animal), type(pet) is Animal)

print(" -> ".join(cls.__name__ for cls in Dog.__mro__ if cls is not object))
clone = type(pets[0])()  # a class is a callable object: call it to make an instance
print(clone.__class__.__name__, issubclass(Dog, Animal), issubclass(Animal, Dog))
# endregion
