# Card: __getattr__ / SimpleNamespace vs DynamicObject / ExpandoObject - __getattr__ runs only when normal lookup fails
from types import SimpleNamespace


# region core
class Settings:
    def __init__(self, values: dict[str, str]) -> None:
        self._values = values
        self.source = "defaults"  # a real attribute

    def __getattr__(self, name: str) -> str:
        print(f"  (looking up {name})")
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None


s = Settings({"theme": "dark", "lang": "en"})
print(s.theme)
print(s.source)  # found normally: __getattr__ is not called
print(getattr(s, "font", "no font"))
# endregion

# region expando
bag = SimpleNamespace(name="Ada")
bag.year = 1815
print(bag.name, bag.year, ", ".join(sorted(vars(bag))))
# endregion
