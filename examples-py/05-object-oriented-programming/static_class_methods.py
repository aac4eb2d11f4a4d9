# Card: static members vs @staticmethod/@classmethod - factories are @classmethod (they get cls); update counters via the class, not self
# region core
class Temperature:
    created = 0                          # class attribute ~ static field

    def __init__(self, celsius: float) -> None:
        self.celsius = celsius
        Temperature.created += 1         # self.created += 1 would make a new instance attribute

    @classmethod
    def from_fahrenheit(cls, f: float) -> "Temperature":  # static factory method
        return cls((f - 32) * 5 / 9)

    @staticmethod
    def is_freezing(celsius: float) -> bool:  # no self, no cls: a plain static helper
        return celsius <= 0
# endregion


boil = Temperature.from_fahrenheit(212)
ice = Temperature(-3.5)
print(f"{boil.celsius:.1f} {ice.celsius:.1f}")
print(Temperature.is_freezing(boil.celsius), Temperature.is_freezing(ice.celsius))
print(f"created: {Temperature.created}")
