# Card: : base(...) and override vs super() - every Python method is virtual, and super().__init__() is an ordinary call you can forget
# region core
class Employee:
    def __init__(self, name: str) -> None:
        print(f"init Employee({name})")
        self.name = name

    def pay(self) -> int:
        return 1000

    def describe(self) -> str:
        return f"{self.name} earns {self.pay()}"  # calls the subclass's pay()


class Manager(Employee):
    def __init__(self, name: str, bonus: int) -> None:
        super().__init__(name)                   # C#: : base(name)
        print(f"init Manager({bonus})")
        self.bonus = bonus

    def pay(self) -> int:                        # overrides without a keyword
        return super().pay() + self.bonus        # base.Pay()
# endregion


m = Manager("ada", 500)
print(m.describe())
print(isinstance(m, Employee), type(m).__name__)
